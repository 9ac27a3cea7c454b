from snowflake.snowpark.context import get_active_session

st = "Main St."


def address_rows():
    return get_active_session().table("addresses").filter(f"street = '{st}'").collect()
