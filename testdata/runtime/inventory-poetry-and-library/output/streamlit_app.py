import streamlit as st

st.title("Poetry app")
