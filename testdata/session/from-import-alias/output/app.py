import streamlit as st
from snowflake_session import get_snowflake_session

session = get_snowflake_session()
st.dataframe(session.table("orders").limit(10).to_pandas())
