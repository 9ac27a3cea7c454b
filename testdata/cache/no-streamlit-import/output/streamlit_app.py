"""Shared queries, imported by the pages."""
from snowflake.snowpark import Session
import streamlit as st

SALES_TABLE = "SALES_DB.ANALYTICS.SALES"


@st.cache_data(ttl=600)
def load_sales(_session: Session, region: str):
    return _session.table(SALES_TABLE).filter(f"REGION = '{region}'").to_pandas()
