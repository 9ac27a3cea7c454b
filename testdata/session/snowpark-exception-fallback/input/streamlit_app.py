import streamlit as st
from snowflake.snowpark import Session
from snowflake.snowpark.context import get_active_session
from snowflake.snowpark.exceptions import SnowparkSessionException

from helpers import connect

# Works in Snowflake and locally.
try:
    session = get_active_session()
except SnowparkSessionException:
    session = Session.builder.configs(st.secrets["snowflake"]).create()

st.write(session.sql("select 1").collect(), connect())
