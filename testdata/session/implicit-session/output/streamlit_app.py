import streamlit as st

from common.ai import answer, register_scorer
from snowflake_session import get_snowflake_session

session = get_snowflake_session()
question = st.text_input("Question")
if question:
    st.write(answer(question))
register_scorer()
