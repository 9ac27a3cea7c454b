import streamlit as st
from snowflake.snowpark.context import get_active_session
from snowflake_session import get_snowflake_session

__all__ = ["get_active_session", "load"]


def load():
    return get_snowflake_session().table("t").collect()
