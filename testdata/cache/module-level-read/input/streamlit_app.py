"""Reads at the top of the script run on every rerun."""
import streamlit as st
from snowflake.snowpark.context import get_active_session

from common.db import connect

session = get_active_session()
reporting_session = connect("REPORTING")
REGIONS = ("EMEA", "AMER")
LIMIT = 100

# Every product, for the picker.
products = session.table("PRODUCTS").select("NAME").to_pandas()["NAME"].tolist()

with st.sidebar:
    totals = (
        session.table("SALES")
        .group_by("REGION")
        .count()
    )

row_count = session.sql(f"SELECT COUNT(*) FROM SALES LIMIT {LIMIT}").collect()[0][0]
by_region = {name: session.sql(f"SELECT * FROM SALES WHERE REGION = '{name}'").to_pandas() for name in REGIONS}

if st.button("Refresh"):
    fresh = session.sql("SELECT * FROM SALES").to_pandas()

session.sql("USE WAREHOUSE REPORTING_WH").collect()
report = reporting_session.table("MONTHLY_REPORT").to_pandas()
st.dataframe(totals)
