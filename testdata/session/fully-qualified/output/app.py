import streamlit as st

import helpers
from snowflake_session import get_snowflake_session

session = get_snowflake_session()
st.write(session.get_current_warehouse())
