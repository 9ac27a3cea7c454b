import streamlit as st

st.write(st.secrets["app_title"])
