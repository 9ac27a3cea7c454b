import streamlit as st
from snowflake.snowpark.context import *

st.write(get_active_session().get_current_account())
