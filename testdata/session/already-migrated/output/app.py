import streamlit as st


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    return st.connection("snowflake").session()


session = get_snowflake_session()
later = get_snowflake_session()
