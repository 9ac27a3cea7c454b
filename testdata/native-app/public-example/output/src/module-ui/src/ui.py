import pandas as pd
import streamlit as st
import snowflake.permissions as permission
from snowflake_session import get_snowflake_session

st.title("Orders")

if not permission.get_reference_associations("orders_table"):
    permission.request_reference("orders_table")
    st.stop()

session = get_snowflake_session()


@st.cache_data(ttl=600)
def load_orders():
    return session.sql("SELECT * FROM reference('orders_table')").to_pandas()


orders = load_orders()
st.dataframe(pd.DataFrame(orders), width="stretch")
if st.button("Refresh"):
    st.rerun()
