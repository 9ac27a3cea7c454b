import streamlit as st
from snowflake.snowpark.context import (
    configure_development_features,
)
import os


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    # One Snowpark session per server process, shared by every viewer: each .session() call
    # creates a new one that Snowpark keeps alive (see "session" in the stcodemod README).
    return st.connection("snowflake").session()


configure_development_features()
session = get_snowflake_session() if os.environ.get("X") else get_snowflake_session()
