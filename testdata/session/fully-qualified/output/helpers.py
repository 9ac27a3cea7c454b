import snowflake.snowpark.context
import snowflake.snowpark.functions
from snowflake_session import get_snowflake_session


def totals(table):
    session = get_snowflake_session()
    return session.table(table).group_by("REGION").agg(snowflake.snowpark.functions.sum("AMOUNT"))
