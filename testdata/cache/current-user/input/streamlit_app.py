import streamlit as st
from snowflake.snowpark.context import get_active_session
from snowflake.snowpark.functions import col, current_role

session = get_active_session()


def my_orders(session):
    return session.sql("SELECT * FROM ORDERS WHERE OWNER = CURRENT_USER()").to_pandas()


def visible_tables(session):
    return session.table("TABLES").filter(col("OWNER") == current_role()).to_pandas()


whoami = session.sql("select current_user() as me, current_role() as role").collect()
st.dataframe(my_orders(session))
