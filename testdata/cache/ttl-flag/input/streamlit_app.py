import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def load(session):
    return session.table("SALES").to_pandas()


regions = session.table("REGIONS").to_pandas()
