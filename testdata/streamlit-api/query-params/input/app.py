import streamlit as st

# Deep links look like ?region=EMEA&region=APAC&days=90
params = st.experimental_get_query_params()
regions = params.get("region", ["EMEA"])
days = int(st.experimental_get_query_params().get("days", ["30"])[0])

st.experimental_set_query_params(region=regions, days=days)
st.experimental_set_query_params(
    region=regions,  # repeated keys
    days = days,
)
st.experimental_set_query_params(**params)
st.experimental_set_query_params(**params, page="2")
st.experimental_set_query_params(**st.experimental_get_query_params())
if st.button("Reset"):
    st.experimental_set_query_params()
st.caption(f"Shared link parameters: {st.experimental_get_query_params()}")
