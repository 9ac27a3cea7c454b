import streamlit as st
from snowflake_session import get_snowflake_session

session = get_snowflake_session()
token = st.secrets["api_token"]
st.title("Orders")


@st.cache_data(ttl=600)
def load_data():
    return session.sql("select * from orders").to_pandas()


st.dataframe(load_data())
