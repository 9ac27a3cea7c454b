import streamlit as st
from snowflake.snowpark.context import get_active_session

from actions import act

session = get_active_session()


def load_orders(session):
    return session.table("ORDERS").to_pandas()


st.dataframe(load_orders(session))
if st.button("Act"):
    act(session)
