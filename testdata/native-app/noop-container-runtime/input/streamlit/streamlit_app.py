import streamlit as st

st.title("Already on the container runtime")
