import streamlit as st
from snowflake.snowpark import Session
from snowflake_session import get_snowflake_session


def top_customers(session: Session, limit: int = 10):
    return session.table("customers").limit(limit).to_pandas()


if "session" not in st.session_state:
    st.session_state.session = get_snowflake_session()

st.dataframe(top_customers(st.session_state.session))
st.dataframe(top_customers(session=get_snowflake_session(), limit=5))
