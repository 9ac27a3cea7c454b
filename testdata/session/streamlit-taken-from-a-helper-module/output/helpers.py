import streamlit as st


def title(text):
    st.title(text)
