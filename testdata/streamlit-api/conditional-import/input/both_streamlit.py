try:
    import streamlit as st
except ImportError:  # an older install
    import streamlit as st


def refresh():
    st.experimental_rerun()
