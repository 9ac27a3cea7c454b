import datetime

import streamlit as st
from snowflake.snowpark.context import get_active_session

from config import SCHEMA

session = get_active_session()
TABLE = f"{SCHEMA}.SALES"
COLUMNS = ["REGION", "AMOUNT"]
LIMIT = 10 * 10
TODAY = datetime.date.today()
table = "SALES"
if st.toggle("Use the archive"):
    table = "SALES_ARCHIVE"


@st.cache_data(ttl=600)
def load_constants(_session):
    return _session.table(TABLE).select(COLUMNS).limit(LIMIT).to_pandas()


def load_today(session):
    return session.sql(f"SELECT * FROM {TABLE} WHERE DAY = '{TODAY}'").to_pandas()


def load_chosen(session):
    return session.table(table).to_pandas()


st.dataframe(load_constants(session))
