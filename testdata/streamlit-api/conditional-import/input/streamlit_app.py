import os

LOCAL = os.environ.get("LOCAL") == "1"
if LOCAL:
    import streamlit_in_snowflake as st
else:
    import streamlit as st

if st.button("Refresh"):
    st.experimental_rerun()
if st.button("Reset"):
    st.session_state.clear()
    st.experimental_rerun()
st.sidebar.button("Again", on_click=st.experimental_rerun)
