import streamlit as st
from snowflake.snowpark.context import get_active_session

from snowflake_session import warehouse_name

session = get_active_session()
st.write(warehouse_name(session))
