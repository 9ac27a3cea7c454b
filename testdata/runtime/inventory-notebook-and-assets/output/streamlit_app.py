import streamlit as st

st.image("img/logo.png")
