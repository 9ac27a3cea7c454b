import streamlit as st
from snowflake.snowpark.context import get_active_session


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    return st.connection("snowflake").session()


session = get_snowflake_session()
later = get_active_session()
