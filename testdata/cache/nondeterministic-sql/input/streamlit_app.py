import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def server_time(session):
    return session.sql("SELECT CURRENT_TIMESTAMP() AS NOW").collect()[0][0]


def new_ticket_id(session):
    return session.sql("SELECT UUID_STRING() AS ID").collect()[0]["ID"]


st.write(f"Server time: {server_time(session)}")
st.write(f"Your ticket: {new_ticket_id(session)}")
