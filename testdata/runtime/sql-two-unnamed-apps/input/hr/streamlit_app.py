import streamlit as st

st.title("hr")
api_key = st.secrets["api_key"]
