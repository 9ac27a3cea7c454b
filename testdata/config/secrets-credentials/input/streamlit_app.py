import streamlit as st

st.write(st.secrets["api_key"])
