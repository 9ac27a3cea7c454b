import streamlit as st
from snowflake_session import get_snowflake_session

session = get_snowflake_session()


@st.cache_data
def run(q):
    try:
        return session.sql(q).to_pandas(), None
    except Exception as e:
        return None, str(e)


st.write(run("select 1"))
