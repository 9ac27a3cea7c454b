import streamlit as st

@st.cache_data(ttl=600)
def load_sales(_session, region):
    return _session.sql(
        f"SELECT REGION, AMOUNT FROM SALES WHERE REGION = '{region}' ORDER BY AMOUNT"
    ).to_pandas()
