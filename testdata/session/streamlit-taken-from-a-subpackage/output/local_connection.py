import streamlit as st


def local_session():
    st.info("using a local connection")
    return None
