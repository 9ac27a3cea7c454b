import streamlit as st

@st.cache_data(ttl=600)
def load_regions(_session):
    return _session.table("REGIONS").to_pandas()


def load_sales(session, region):
    return session.sql(f"SELECT REGION, AMOUNT FROM SALES WHERE REGION = '{region}'").to_pandas()
