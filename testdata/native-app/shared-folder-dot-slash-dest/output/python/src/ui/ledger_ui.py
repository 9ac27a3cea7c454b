import streamlit as st
from snowflake_session import get_snowflake_session

st.header("Ledger")


@st.cache_data(ttl=600)
def load_data():
    return get_snowflake_session().table("ledger.receipt_total").to_pandas()


st.dataframe(load_data(), width="stretch")
