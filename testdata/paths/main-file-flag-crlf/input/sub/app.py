import streamlit as st

st.write(open("data/notes.txt").read())
