import streamlit as st

size = True


@st.cache
def rows():
    return [1]


st.button("Go", use_container_width=size)
st.experimental_rerun()
