import streamlit as st
from snowflake_session import get_snowflake_session

s = get_snowflake_session()