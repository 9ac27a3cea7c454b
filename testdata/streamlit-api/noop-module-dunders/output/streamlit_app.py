import streamlit as st
st.caption(f"Streamlit {st.__version__}")
st.write(st.__file__)
