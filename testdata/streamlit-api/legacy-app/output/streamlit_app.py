"""A dashboard written for Streamlit 1.30 on Python 3.9 (warehouse runtime)."""
from collections.abc import Mapping

import streamlit as st

from helpers import cached_regions, track

st.set_page_config(page_icon="📊", layout="wide")
params = {key: list(st.query_params.get_all(key)) for key in st.query_params}
region = params.get("region", ["EMEA"])[0]


@st.cache_resource
def settings() -> Mapping:
    return {"theme": "light"}


left, right = st.columns([3, 1])
with left:
    st.dataframe(cached_regions(), width="stretch")
with right.expander("Settings"):
    if st.button("Reset", width="stretch"):
        settings()["theme"] = "light"
        st.query_params.from_dict({"region": region})
        st.rerun()
track(region)
