import streamlit as st

st.title("Deliveries")
