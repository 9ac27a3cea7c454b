import streamlit as st

API_KEY = st.secrets["bom_key"]
login = st.secrets["bom_login"]
st.write(login.username, bool(API_KEY))
