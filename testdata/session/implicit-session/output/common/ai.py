import snowflake.cortex as cortex
import streamlit as st
from snowflake.snowpark.functions import udf


def answer(question):
    return cortex.Complete("mistral-large2", question)


def answer_with_session(question, session):
    return cortex.Complete("mistral-large2", question, session=session)


def register_scorer():
    # Registers with the active session (no session=).
    return udf(lambda x: x * 2, name="score", replace=True)


def audit_session():
    # A session of its own, beside the app's shared one.
    return st.connection("snowflake").session()
