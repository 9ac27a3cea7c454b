import streamlit as st
from snowflake.snowpark import Session
from snowflake.snowpark.exceptions import SnowparkSessionException

from helpers import connect
from snowflake_session import get_snowflake_session
from streamlit.errors import StreamlitAPIException

# Works in Snowflake and locally.
try:
    session = get_snowflake_session()
except (SnowparkSessionException, StreamlitAPIException):
    session = Session.builder.configs(st.secrets["snowflake"]).create()

st.write(session.sql("select 1").collect(), connect())
