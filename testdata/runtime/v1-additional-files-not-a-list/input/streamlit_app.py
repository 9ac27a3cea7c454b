import streamlit as st
from common.utils import title

st.title(title())
