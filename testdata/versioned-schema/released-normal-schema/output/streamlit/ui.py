import streamlit as st

st.title("Events")
