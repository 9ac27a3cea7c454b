import streamlit as st
import snowflake.snowpark.context

session = snowflake.snowpark.context.get_active_session()
st.write(session.get_current_warehouse())
