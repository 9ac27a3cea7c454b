import _snowflake
import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
token = _snowflake.get_generic_secret_string("api_token")
st.title("Orders")
st.dataframe(session.sql("select * from orders").to_pandas())
