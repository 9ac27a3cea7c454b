import streamlit as st


@st.cache_data(experimental_allow_widgets=True)
def chart(data):
    st.slider("Zoom", 1, 10)
    return data


@st.cache_resource(ttl=60, experimental_allow_widgets=False)
def model():
    return object()


@st.experimental_memo(experimental_allow_widgets=False)
def table():
    return [1]
