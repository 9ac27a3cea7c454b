"""A dashboard written for Streamlit 1.30 on Python 3.9 (warehouse runtime)."""
from collections import Mapping

import streamlit as st

from helpers import cached_regions, track

st.beta_set_page_config(page_icon="📊", layout="wide")
params = st.experimental_get_query_params()
region = params.get("region", ["EMEA"])[0]


@st.cache(allow_output_mutation=True)
def settings() -> Mapping:
    return {"theme": "light"}


left, right = st.beta_columns([3, 1])
with left:
    st.dataframe(cached_regions(), use_container_width=True)
with right.beta_expander("Settings"):
    if st.button("Reset", use_container_width=True):
        settings()["theme"] = "light"
        st.experimental_set_query_params(region=region)
        st.experimental_rerun()
track(region)
