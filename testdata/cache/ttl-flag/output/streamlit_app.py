import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


@st.cache_data(ttl="1h")
def load(_session):
    return _session.table("SALES").to_pandas()


@st.cache_data(ttl="1h")
def load_regions():
    return session.table("REGIONS").to_pandas()


regions = load_regions()
