import streamlit as st
from snowflake.snowpark.context import get_active_session

from common.queries import load_feedback

st.title("Feedback")
st.dataframe(load_feedback(get_active_session()))
