"""Legacy caching decorators: the streamlit-api transform renames them; cache leaves them alone."""
import streamlit as st
from snowflake.snowpark.context import get_active_session


@st.cache(allow_output_mutation=True)
def load_products(session):
    return session.table("PRODUCTS").to_pandas()


@st.experimental_memo(ttl=600)
def load_orders(session):
    return session.sql("SELECT * FROM ORDERS").to_pandas()


@st.experimental_singleton
def get_session():
    return get_active_session()


st.dataframe(load_orders(get_session()))
