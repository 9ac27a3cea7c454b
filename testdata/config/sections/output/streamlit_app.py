import streamlit as st

st.title("Hi")
