import streamlit as st
from snowflake.snowpark.context import get_active_session

from common.ai import answer, register_scorer

session = get_active_session()
question = st.text_input("Question")
if question:
    st.write(answer(question))
register_scorer()
