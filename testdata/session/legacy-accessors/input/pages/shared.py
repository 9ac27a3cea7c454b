import streamlit as st
from snowflake_session import get_snowflake_session

st.write(get_snowflake_session().table("T").count())
