import streamlit as st

conn = st.connection("snowflake")
st.dataframe(conn.query("select 1"))
