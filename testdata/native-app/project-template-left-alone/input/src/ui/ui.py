import streamlit as st
from snowflake.snowpark.context import get_active_session

st.title("Consumer dashboard")
st.dataframe(get_active_session().sql("select 1").to_pandas())
