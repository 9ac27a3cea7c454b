import streamlit as st
from snowflake.snowpark.context import get_active_session

get_snowflake_session = "a value of the app's own"
session = get_active_session()
