import streamlit as st

import helpers
from snowflake.snowpark import Session
from snowflake_session import get_snowflake_session

# Works in Snowflake and locally.
try:
    session = get_snowflake_session()
except Exception:
    session = Session.builder.configs(st.secrets["snowflake"]).create()

st.write(session.sql("select 1").collect())
