import streamlit as st

# Refresh when asked
params = {key: list(st.query_params.get_all(key)) for key in st.query_params}
if st.button("Refresh", width="stretch"):
    st.query_params.from_dict({
        "page": "1",
    })
    st.rerun()
