import streamlit as st
from snowflake_session import get_snowflake_session

st.title("Ledger")
if st.button("Show"):
    st.dataframe(get_snowflake_session().table("core.entries").to_pandas())
