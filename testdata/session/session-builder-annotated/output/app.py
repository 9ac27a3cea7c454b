import streamlit as st
import snowflake.snowpark
from snowflake.snowpark.context import get_active_session


def connect():
    if st.secrets.get("local"):
        # TODO(stcodemod): Session.builder.getOrCreate() finds no session to reuse on the container runtime; use the app's one session instead: get_snowflake_session() from snowflake_session.py where stcodemod created it next to the entry file, else st.connection("snowflake").session() (created once, in a function cached with st.cache_resource)
        return snowflake.snowpark.Session.builder.app_name("dash").getOrCreate()
    # TODO(stcodemod): get_active_session() is called with arguments; replace it by hand with get_snowflake_session() (snowflake_session.py next to the entry file)
    return get_active_session(42)
