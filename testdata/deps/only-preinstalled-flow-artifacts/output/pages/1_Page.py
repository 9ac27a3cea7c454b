import streamlit as st

st.write("page")
