import streamlit as st
from snowflake.snowpark import Session

session = Session.builder.getOrCreate()
st.write(session.sql("select 1").collect())
