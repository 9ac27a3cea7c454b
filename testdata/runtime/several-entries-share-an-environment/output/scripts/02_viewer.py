import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
st.title("02_viewer")
st.dataframe(session.sql("select 1").to_pandas())
