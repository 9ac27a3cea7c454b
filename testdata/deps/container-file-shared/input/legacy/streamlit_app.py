import streamlit as st

st.write("legacy")
