import streamlit as st
from snowflake.snowpark.context import get_active_session

conn = st.connection("snowflake")


@st.cache_resource
def get_session():
    return get_active_session()


@st.cache_data(ttl=3600)
def load_orders(_session, region):
    return _session.sql(f"SELECT * FROM ORDERS WHERE REGION = '{region}'").to_pandas()


@st.cache_data
def load_customers(_session):
    return _session.table("CUSTOMERS").to_pandas()


region = st.selectbox("Region", ["EMEA", "AMER"])
orders = load_orders(get_session(), region)
customers = load_customers(_session=get_session())
# conn.query() caches its results itself.
products = conn.query("SELECT * FROM PRODUCTS", ttl=600)
st.dataframe(orders)
