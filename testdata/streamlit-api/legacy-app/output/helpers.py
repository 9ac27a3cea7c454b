"""Shared helpers, imported by the app (one copy per server process)."""
import threading

import streamlit as st

_visits = {}


@st.cache_data(ttl=600)
def cached_regions():
    return ["EMEA", "APAC"]


def track(region):
    _visits[region] = _visits.get(region, 0) + 1
    threading.Thread(target=report_visit, args=(region,)).start()


def report_visit(region):
    st.toast(f"{region} visited")
