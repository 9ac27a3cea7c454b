"""Do not call get_active_session() here: it is not thread-safe."""
import streamlit as st

# get_active_session() was replaced by hand.
HELP = "see get_active_session in the docs"
st.write(HELP)
