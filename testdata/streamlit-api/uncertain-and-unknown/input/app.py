try:
    import streamlit as st
except ImportError:
    st = None

import streamlit

streamlit.experimental_show(1)
if st is not None:
    st.experimental_rerun()
edited = streamlit.experimental_data_editor([1, 2], key="grid")
changes = streamlit.session_state["grid"]["edited_cells"]
