import common.queries as q
import streamlit as st
from snowflake.snowpark.context import get_active_session


def load_regions(session):
    # A page's own function with the same name: not the cached one.
    return ["EMEA"]


st.write(q.load_regions(session=get_active_session()), load_regions(session=None))
