import pandas as pd
import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def load_orders(session):
    try:
        return session.sql("SELECT ID, AMOUNT FROM ORDERS ORDER BY ID").to_pandas()
    except Exception:
        return pd.DataFrame({"ID": [], "AMOUNT": []})


orders = load_orders(session)
if orders.empty:
    st.warning("No orders yet")
else:
    st.dataframe(orders)
