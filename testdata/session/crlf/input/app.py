import streamlit as st
from snowflake.snowpark.context import get_active_session

st.title("CRLF")
session = get_active_session()
