import streamlit as st
from pathlib import Path

st.write(open(Path(__file__).parent / "data/notes.txt").read())
