import streamlit as st

MUTABLE = True


@st.cache(allow_output_mutation=MUTABLE)
def flexible():
    return []


@st.cache(ttl=60, experimental_allow_widgets=True)
def with_widgets():
    return []


options = {"ttl": 60}


@st.cache(**options)
def configured():
    return []


decorator = st.cache
