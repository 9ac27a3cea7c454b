import streamlit as st
from snowflake_session import get_snowflake_session

st.title("CRLF")
session = get_snowflake_session()
