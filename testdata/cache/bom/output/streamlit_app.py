import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


@st.cache_data(ttl=600)
def load(_session):
    return _session.table("VENTES").to_pandas()


@st.cache_data(ttl=600)
def load_ventes():
    return session.table("VENTES").to_pandas()


ventes = load_ventes()
