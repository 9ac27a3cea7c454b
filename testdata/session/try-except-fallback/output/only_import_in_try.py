import streamlit as st

try:
    from snowflake.snowpark.context import get_active_session
except ModuleNotFoundError:
    st.stop()

from snowflake_session import get_snowflake_session

df = get_snowflake_session().table("t").to_pandas()
