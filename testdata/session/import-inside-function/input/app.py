import streamlit as st


def get_data():
    from snowflake.snowpark.context import get_active_session

    session = get_active_session()
    return session.sql("select current_date()").collect()


st.write(get_data())
