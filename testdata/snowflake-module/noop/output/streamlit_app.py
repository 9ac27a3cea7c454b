"""This app no longer uses _snowflake: see snowflake_api.py."""
import streamlit as st

# _snowflake.get_generic_secret_string("old") was replaced by st.secrets
my_snowflake_account = "acme"
st.write("_snowflake is gone", st.secrets["api_key"], my_snowflake_account)
