import streamlit as st
from snowflake.snowpark import Session

session = Session.builder.getOrCreate()
st.dataframe(session.table("receipts.receipts").to_pandas(), use_container_width=True)
