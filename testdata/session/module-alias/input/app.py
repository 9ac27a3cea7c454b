import streamlit as st
import snowflake.snowpark.context as ctx

session = ctx.get_active_session()
st.write(session.get_current_role())
