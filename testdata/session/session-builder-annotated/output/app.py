import streamlit as st
import snowflake.snowpark
from snowflake.snowpark.context import get_active_session


def connect():
    if st.secrets.get("local"):
        # TODO(stcodemod): Session.builder.getOrCreate() finds no session to reuse on the container runtime; use st.connection("snowflake").session() (once, cached) instead
        return snowflake.snowpark.Session.builder.app_name("dash").getOrCreate()
    # TODO(stcodemod): get_active_session() is called with arguments; replace it by hand with st.connection("snowflake").session()
    return get_active_session(42)
