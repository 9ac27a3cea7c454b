import streamlit as st

st.title("Dash")
