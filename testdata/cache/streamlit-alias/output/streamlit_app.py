import streamlit as stl
from streamlit import cache_data as cached
from snowflake.snowpark.context import get_active_session

session = get_active_session()


@cached(ttl=600)
def load(_session):
    return _session.table("SALES").to_pandas()


stl.dataframe(load(session))
