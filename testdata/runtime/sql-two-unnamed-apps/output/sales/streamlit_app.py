import streamlit as st

st.title("sales")
