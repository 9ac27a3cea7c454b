import streamlit as stl
from streamlit import cache_data as cached
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def load(session):
    return session.table("SALES").to_pandas()


stl.dataframe(load(session))
