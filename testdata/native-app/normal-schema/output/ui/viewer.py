import streamlit as st
from helpers import greet

st.write(greet("viewer"))
