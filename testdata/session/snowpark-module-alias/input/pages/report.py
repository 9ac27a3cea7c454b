import streamlit as st
from app_helpers import *

# get_active_session comes from the star import: stcodemod cannot see that it is Snowpark's.
session = get_active_session()
factory = snowpark_context.get_active_session
st.write(session.table("REPORT").count())
