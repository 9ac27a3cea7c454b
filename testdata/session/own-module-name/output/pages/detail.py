import streamlit as st
from snowflake_session_2 import get_snowflake_session

st.write(get_snowflake_session().table("DETAIL").count())
