import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
st.dataframe(session.table("ORDERS").limit(10).to_pandas())
