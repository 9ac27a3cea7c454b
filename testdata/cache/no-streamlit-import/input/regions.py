from snowflake.snowpark.context import get_active_session
REGIONS = get_active_session().table("REGIONS").to_pandas()
