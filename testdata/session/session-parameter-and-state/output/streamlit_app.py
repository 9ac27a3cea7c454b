import streamlit as st
from snowflake.snowpark import Session


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    # One Snowpark session per server process, shared by every viewer: each .session() call
    # creates a new one that Snowpark keeps alive (see "session" in the stcodemod README).
    return st.connection("snowflake").session()


def top_customers(session: Session, limit: int = 10):
    return session.table("customers").limit(limit).to_pandas()


if "session" not in st.session_state:
    st.session_state.session = get_snowflake_session()

st.dataframe(top_customers(st.session_state.session))
st.dataframe(top_customers(session=get_snowflake_session(), limit=5))
