import streamlit as st
from snowflake.snowpark import Session
from snowflake_session import get_snowflake_session

session: Session = get_snowflake_session()
st.write(session.get_current_database())
