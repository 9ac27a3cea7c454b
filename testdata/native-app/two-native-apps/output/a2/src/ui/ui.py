import streamlit as st
from snowflake_session import get_snowflake_session

session = get_snowflake_session()


@st.cache_data(ttl=600)
def load_data():
    return session.sql("select 1").collect()


st.write(load_data())
