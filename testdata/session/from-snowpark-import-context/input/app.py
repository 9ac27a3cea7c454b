import streamlit as st
from snowflake.snowpark import Session, context

session: Session = context.get_active_session()
st.write(session.get_current_database())
