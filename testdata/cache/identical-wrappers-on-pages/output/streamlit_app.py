import streamlit as st

st.title("Catalogue")
st.write("Pick a page in the sidebar.")
