import streamlit as st
from snowflake.cortex import Complete

q = st.chat_input("Ask")
if q:
    st.write(Complete("mistral-large", q))
