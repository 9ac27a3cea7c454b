import streamlit as st

import helpers
from snowflake.snowpark import Session

# Works in Snowflake and locally.
try:
    from snowflake.snowpark.context import get_active_session
    session = get_active_session()
except Exception:
    session = Session.builder.configs(st.secrets["snowflake"]).create()

st.write(session.sql("select 1").collect())
