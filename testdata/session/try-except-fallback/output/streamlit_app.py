import streamlit as st
from snowflake.snowpark import Session


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    # One Snowpark session per server process, shared by every viewer: each .session() call
    # creates a new one that Snowpark keeps alive (see "session" in the stcodemod README).
    return st.connection("snowflake").session()


# Works in Snowflake and locally.
try:
    session = get_snowflake_session()
except Exception:
    session = Session.builder.configs(st.secrets["snowflake"]).create()

st.write(session.sql("select 1").collect())
