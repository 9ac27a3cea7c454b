import streamlit as st

st.write(st.secrets["it's_token"])
