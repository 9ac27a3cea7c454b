import streamlit as st
from snowflake_session import get_snowflake_session as get_snowflake_session_2

get_snowflake_session = "a value of the app's own"
session = get_snowflake_session_2()
