import snowflake.snowpark.context
import snowflake.snowpark.functions


def totals(table):
    session = snowflake.snowpark.context.get_active_session()
    return session.table(table).group_by("REGION").agg(snowflake.snowpark.functions.sum("AMOUNT"))
