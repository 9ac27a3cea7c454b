import streamlit as st

# Deep links look like ?region=EMEA&region=APAC&days=90
params = {key: list(st.query_params.get_all(key)) for key in st.query_params}
regions = params.get("region", ["EMEA"])
days = int({key: list(st.query_params.get_all(key)) for key in st.query_params}.get("days", ["30"])[0])

st.query_params.from_dict({"region": regions, "days": days})
st.query_params.from_dict({
    "region": regions,  # repeated keys
    "days": days,
})
st.query_params.from_dict(params)
st.query_params.from_dict({**params, "page": "2"})
st.query_params.from_dict({key: list(st.query_params.get_all(key)) for key in st.query_params})
if st.button("Reset"):
    st.query_params.clear()
st.caption(f"Shared link parameters: {({key: list(st.query_params.get_all(key)) for key in st.query_params})}")
