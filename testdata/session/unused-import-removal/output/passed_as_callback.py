import streamlit as st
from snowflake.snowpark.context import get_active_session


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    # One Snowpark session per server process, shared by every viewer: each .session() call
    # creates a new one that Snowpark keeps alive (see "session" in the stcodemod README).
    return st.connection("snowflake").session()


session_factory = get_active_session
st.write(session_factory().get_current_user())
st.write(get_snowflake_session().get_current_role())
