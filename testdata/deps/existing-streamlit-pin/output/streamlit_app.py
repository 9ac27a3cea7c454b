import streamlit as st

st.title("Forecast")
