import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
st.title("Sales")


def load_sales(region):
    return get_active_session().sql(f"SELECT * FROM SALES WHERE REGION = '{region}'").to_pandas()


products = session.table("PRODUCTS").to_pandas()
st.dataframe(load_sales(st.selectbox("Region", ["EMEA", "AMER"])))
