import streamlit as st
from snowflake.snowpark.context import get_active_session

st.header("Ledger")
st.dataframe(get_active_session().table("ledger.receipt_total").to_pandas(), use_container_width=True)
