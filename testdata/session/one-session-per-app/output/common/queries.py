from snowflake_session import get_snowflake_session


def regions():
    return get_snowflake_session().table("REGIONS").to_pandas()
