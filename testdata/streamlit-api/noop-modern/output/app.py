"""Already written for Streamlit 1.50 and Python 3.11: nothing to change."""
import asyncio
import inspect
from collections import OrderedDict
from collections.abc import Mapping

import streamlit as st


@st.cache_data(ttl=600)
def load(region: str) -> list[str]:
    return [region]


@st.cache_resource
def client():
    return object()


async def fetch():
    await asyncio.sleep(0)


params = st.query_params.get_all("region")
st.query_params.from_dict({"region": "EMEA"})
if st.button("Reload", width="stretch"):
    st.cache_data.clear()
    st.rerun()
st.dataframe(load("EMEA"), width="content")
st.plotly_chart({}, use_container_width=True)
spec = inspect.getfullargspec(load)
isinstance(OrderedDict(), Mapping)
