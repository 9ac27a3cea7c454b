from snowflake.snowpark import Session

try:
    from snowflake.snowpark.context import get_active_session
except ImportError:
    def get_active_session():
        return Session.builder.configs({"connection_name": "dev"}).create()

import streamlit as st


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    # One Snowpark session per server process, shared by every viewer: each .session() call
    # creates a new one that Snowpark keeps alive (see "session" in the stcodemod README).
    return st.connection("snowflake").session()


def run(query):
    return get_snowflake_session().sql(query).to_pandas()
