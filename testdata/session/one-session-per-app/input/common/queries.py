from snowflake.snowpark.context import get_active_session


def regions():
    return get_active_session().table("REGIONS").to_pandas()
