import streamlit as st
from snowflake.snowpark.context import get_active_session

def load(:
    return get_active_session()
