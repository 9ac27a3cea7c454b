import streamlit as st
from _snowflake import get_generic_secret_string, get_username_password

API_KEY = get_generic_secret_string("bom_key")
login = get_username_password("bom_login")
st.write(login.username, bool(API_KEY))
