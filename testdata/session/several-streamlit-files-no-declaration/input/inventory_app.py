import streamlit as st
from snowflake.snowpark.context import get_active_session

st.write(get_active_session().sql("select 1").collect())
