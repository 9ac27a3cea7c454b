import streamlit as st
from snowflake.snowpark import Session

session = Session.builder.getOrCreate()


@st.cache_data(ttl=600)
def load_data():
    return session.table("receipts.receipts").to_pandas()


st.dataframe(load_data(), width="stretch")
