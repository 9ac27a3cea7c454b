import streamlit as st


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    # One Snowpark session per server process, shared by every viewer: each .session() call
    # creates a new one that Snowpark keeps alive (see "session" in the stcodemod README).
    return st.connection("snowflake").session()


def get_data():
    session = get_snowflake_session()
    return session.sql("select current_date()").collect()


st.write(get_data())
