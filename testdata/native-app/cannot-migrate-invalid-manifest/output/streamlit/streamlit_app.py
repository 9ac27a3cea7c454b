import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
st.dataframe(session.sql("SELECT 1").to_pandas(), use_container_width=True)
