import streamlit as st
from snowflake_session import get_snowflake_session


def get_data():
    session = get_snowflake_session()
    return session.sql("select current_date()").collect()


st.write(get_data())
