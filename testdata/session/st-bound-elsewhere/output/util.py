from snowflake_session import get_snowflake_session

st = "Main St."


def address_rows():
    return get_snowflake_session().table("addresses").filter(f"street = '{st}'").collect()
