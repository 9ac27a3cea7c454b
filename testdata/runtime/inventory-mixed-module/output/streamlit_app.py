import streamlit as st
from snowflake_session import get_snowflake_session

session = get_snowflake_session()
st.title("Loader")
st.page_link("pages/admin.py", label="Admin")
