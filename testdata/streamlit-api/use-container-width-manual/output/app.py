import streamlit as st

wide = True
options = {"key": "k"}

st.button("Wide or not", use_container_width=wide)
st.dataframe([1], width=300, use_container_width=True)
st.button("Unpacked", use_container_width=True, **options)
st.image("logo.png", width="content")
