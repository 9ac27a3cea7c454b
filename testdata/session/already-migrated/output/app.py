import streamlit as st
from snowflake_session import get_snowflake_session


session = get_snowflake_session()
later = get_snowflake_session()
