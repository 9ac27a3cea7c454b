import streamlit as st


class Page:
    def title(self, text):
        st.title(text)
