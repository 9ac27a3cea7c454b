import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def ask(session, question):
    return session.sql(
        f"SELECT SNOWFLAKE.CORTEX.COMPLETE('mistral-large2', '{question}') AS ANSWER"
    ).collect()[0]["ANSWER"]


question = st.text_input("Question", value="What is new?")
if st.button("Ask"):
    st.write(ask(session, question))
