import streamlit as st


def heading(text):
    st.header(text)
