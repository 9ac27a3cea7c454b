import snowflake.snowpark.context as snowpark_context
from snowflake.snowpark.context import get_active_session

__all__ = ["get_active_session", "snowpark_context"]
