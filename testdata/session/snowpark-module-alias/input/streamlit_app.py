import snowflake.snowpark as snowpark
import streamlit as st

session = snowpark.context.get_active_session()
st.write(session.sql("select current_role()").collect())
