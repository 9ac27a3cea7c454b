import streamlit as st
import snowflake.snowpark.context

import helpers

session = snowflake.snowpark.context.get_active_session()
st.write(session.get_current_warehouse())
