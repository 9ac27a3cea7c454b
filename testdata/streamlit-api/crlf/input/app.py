import streamlit as st

# Refresh when asked
params = st.experimental_get_query_params()
if st.button("Refresh", use_container_width=True):
    st.experimental_set_query_params(
        page="1",
    )
    st.experimental_rerun()
