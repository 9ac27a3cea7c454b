import streamlit as st
from snowflake.snowpark.context import get_active_session

st.title("Ledger")
if st.button("Show"):
    st.dataframe(get_active_session().table("core.entries").to_pandas())
