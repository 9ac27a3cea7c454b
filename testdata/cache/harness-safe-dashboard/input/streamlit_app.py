import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def load_orders(session, region):
    return session.sql(f"SELECT REGION, AMOUNT FROM ORDERS WHERE REGION = '{region}' ORDER BY AMOUNT").to_pandas()


st.title("Orders")
region = st.selectbox("Region", ["EU", "US"])
st.dataframe(load_orders(session, region))
