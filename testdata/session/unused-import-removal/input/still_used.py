import streamlit as st
from snowflake.snowpark.context import get_active_session

__all__ = ["get_active_session", "load"]


def load():
    return get_active_session().table("t").collect()
