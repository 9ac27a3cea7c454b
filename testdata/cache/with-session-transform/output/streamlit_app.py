import streamlit as st
from snowflake_session import get_snowflake_session

session = get_snowflake_session()
st.title("Sales")


@st.cache_data(ttl=600)
def load_sales(region):
    return get_snowflake_session().sql(f"SELECT * FROM SALES WHERE REGION = '{region}'").to_pandas()


@st.cache_data(ttl=600)
def load_products():
    return session.table("PRODUCTS").to_pandas()


products = load_products()
st.dataframe(load_sales(st.selectbox("Region", ["EMEA", "AMER"])))
