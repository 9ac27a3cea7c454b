import streamlit as st
import snowflake.snowpark
from snowflake.snowpark.context import get_active_session


def connect():
    if st.secrets.get("local"):
        return snowflake.snowpark.Session.builder.app_name("dash").getOrCreate()
    return get_active_session(42)
