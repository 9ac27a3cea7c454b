import streamlit as st

st.write("pins")
