import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def load(session):
    return session.table("VENTES").to_pandas()


ventes = session.table("VENTES").to_pandas()
