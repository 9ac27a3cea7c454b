import streamlit as st

st.title("Inside the Native App")
