import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


@st.cache_data
def run(q):
    try:
        return session.sql(q).to_pandas(), None
    except Exception as e:
        return None, str(e)


st.write(run("select 1"))
