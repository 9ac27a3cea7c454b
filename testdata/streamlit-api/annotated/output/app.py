import streamlit as st

size = True


# TODO(stcodemod): st.cache became st.cache_data, which pickles the return value and hands out a copy (Streamlit 1.36+ already did so here); if this function returns a Snowpark DataFrame, a session, a connection or a model, use st.cache_resource instead
@st.cache_data
def rows():
    return [1]


# TODO(stcodemod): use_container_width is deprecated (removed after 2025-12-31): use_container_width=size has no literal equivalent; replace it with width="stretch" (the container's width) or width="content" by hand
st.button("Go", use_container_width=size)
st.rerun()
