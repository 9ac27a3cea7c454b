import streamlit as st

from snowflake_session import warehouse_name
from snowflake_session_2 import get_snowflake_session

session = get_snowflake_session()
st.write(warehouse_name(session))
