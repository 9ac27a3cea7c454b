import streamlit as st
from snowflake.snowpark.context import get_active_session

from common.queries import regions

session = get_active_session()
st.title("Sales")
st.write(regions())
