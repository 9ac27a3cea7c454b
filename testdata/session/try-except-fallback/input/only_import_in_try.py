import streamlit as st

try:
    from snowflake.snowpark.context import get_active_session
except ModuleNotFoundError:
    st.stop()

df = get_active_session().table("t").to_pandas()
