import streamlit as st

read_params = st.experimental_get_query_params
st.experimental_set_query_params({"region": "EMEA"})
st.experimental_get_query_params("region")
st.write(read_params())
st.caption(f"{st.experimental_set_query_params(page='2')}")
