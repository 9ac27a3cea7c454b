import streamlit as st

st.write("live")
