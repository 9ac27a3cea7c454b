from snowflake.snowpark import Session

try:
    from snowflake.snowpark.context import get_active_session
except ImportError:
    def get_active_session():
        return Session.builder.configs({"connection_name": "dev"}).create()

from snowflake_session import get_snowflake_session


def run(query):
    return get_snowflake_session().sql(query).to_pandas()
