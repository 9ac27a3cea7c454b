import streamlit as st


@st.cache_data
def chart(data):
    st.slider("Zoom", 1, 10)
    return data


@st.cache_resource(ttl=60)
def model():
    return object()


@st.cache_data
def table():
    return [1]
