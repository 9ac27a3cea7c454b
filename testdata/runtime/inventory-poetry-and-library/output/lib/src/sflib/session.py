from snowflake.snowpark.context import get_active_session


def current():
    return get_active_session()
