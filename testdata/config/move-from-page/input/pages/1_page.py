import streamlit as st

st.title("Page")
