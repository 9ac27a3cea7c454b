import streamlit as st


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    # One Snowpark session per server process, shared by every viewer: each .session() call
    # creates a new one that Snowpark keeps alive (see "session" in the stcodemod README).
    return st.connection("snowflake").session()


session = get_snowflake_session()
token = st.secrets["api_token"]
st.title("Orders")


@st.cache_data(ttl=600)
def load_data():
    return session.sql("select * from orders").to_pandas()


st.dataframe(load_data())
