import streamlit as st


def get_active_session():
    return st.connection("snowflake").session()


st.write(get_active_session().sql("select 1").collect())
