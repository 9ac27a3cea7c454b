from snowflake.snowpark.functions import col


def act(session):
    orders = session.table("ORDERS")
    orders.update({"STATUS": "shipped"}, col("STATUS") == "packed")
