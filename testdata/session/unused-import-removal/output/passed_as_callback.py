import streamlit as st
from snowflake.snowpark.context import get_active_session
from snowflake_session import get_snowflake_session

session_factory = get_active_session
st.write(session_factory().get_current_user())
st.write(get_snowflake_session().get_current_role())
