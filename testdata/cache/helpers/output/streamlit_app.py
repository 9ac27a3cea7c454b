import streamlit as st
from snowflake.snowpark.context import get_active_session

from common.audit import log_access

session = get_active_session()
TABLE = "SALES"


def table_name():
    return TABLE


def record_view(session, page):
    session.sql(f"INSERT INTO PAGE_VIEWS (PAGE) VALUES ('{page}')").collect()


def viewer_filter():
    return st.session_state.get("filter", "1 = 1")


def load_sales(session):
    return session.sql(f"SELECT * FROM {table_name()}").to_pandas()


def load_and_record(session):
    record_view(session, "sales")
    return session.table(table_name()).to_pandas()


def load_filtered(session):
    return session.table(TABLE).filter(viewer_filter()).to_pandas()


def load_and_log(session):
    log_access("sales")
    return session.table(TABLE).to_pandas()


st.dataframe(load_sales(session))
