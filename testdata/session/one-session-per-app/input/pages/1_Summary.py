import streamlit as st
from snowflake.snowpark.context import get_active_session

from common.ai import summarize

text = st.text_area("Notes")
if text:
    st.write(summarize(text))
st.write(get_active_session().get_current_role())
