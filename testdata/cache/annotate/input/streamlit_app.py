import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def my_orders(session):
    return session.sql("SELECT * FROM ORDERS WHERE OWNER = CURRENT_USER()").to_pandas()


def sales(session):
    return session.table("SALES")


def load(session):
    return session.table("SALES").to_pandas()


mine = session.sql(f"SELECT * FROM ORDERS WHERE EMAIL = '{st.user.email}'").to_pandas()
