"""Reads at the top of the script run on every rerun."""
import streamlit as st
from snowflake.snowpark.context import get_active_session

from common.db import connect

session = get_active_session()
reporting_session = connect("REPORTING")
REGIONS = ("EMEA", "AMER")
LIMIT = 100


@st.cache_data(ttl=600)
def load_products():
    return session.table("PRODUCTS").select("NAME").to_pandas()["NAME"].tolist()


# Every product, for the picker.
products = load_products()


@st.cache_data(ttl=600)
def load_totals():
    return (
        session.table("SALES")
        .group_by("REGION")
        .count()
    )


with st.sidebar:
    totals = load_totals()


@st.cache_data(ttl=600)
def load_row_count():
    return session.sql(f"SELECT COUNT(*) FROM SALES LIMIT {LIMIT}").collect()[0][0]


row_count = load_row_count()


@st.cache_data(ttl=600)
def load_by_region(name):
    return session.sql(f"SELECT * FROM SALES WHERE REGION = '{name}'").to_pandas()


by_region = {name: load_by_region(name) for name in REGIONS}

if st.button("Refresh"):
    fresh = session.sql("SELECT * FROM SALES").to_pandas()

session.sql("USE WAREHOUSE REPORTING_WH").collect()


@st.cache_data(ttl=600)
def load_report():
    return reporting_session.table("MONTHLY_REPORT").to_pandas()


report = load_report()
st.dataframe(totals)
