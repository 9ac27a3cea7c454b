import streamlit as st

from common.ai import summarize
from snowflake_session import get_snowflake_session

text = st.text_area("Notes")
if text:
    st.write(summarize(text))
st.write(get_snowflake_session().get_current_role())
