import pandas as pd
import streamlit as st
import snowflake.permissions as permission
from snowflake.snowpark.context import get_active_session

st.title("Orders")

if not permission.get_reference_associations("orders_table"):
    permission.request_reference("orders_table")
    st.stop()

session = get_active_session()
orders = session.sql("SELECT * FROM reference('orders_table')").to_pandas()
st.dataframe(pd.DataFrame(orders), use_container_width=True)
if st.button("Refresh"):
    st.experimental_rerun()
