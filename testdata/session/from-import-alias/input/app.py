import streamlit as st
from snowflake.snowpark.context import get_active_session as active_session

session = active_session()
st.dataframe(session.table("orders").limit(10).to_pandas())
