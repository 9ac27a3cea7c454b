import streamlit as st
from snowflake.snowpark.context import *
from snowflake_session import get_snowflake_session

st.write(get_snowflake_session().get_current_account())
