import streamlit as st

from common.queries import regions
from snowflake_session import get_snowflake_session

session = get_snowflake_session()
st.title("Sales")
st.write(regions())
