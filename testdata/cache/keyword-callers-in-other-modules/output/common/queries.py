"""Shared queries for the pages."""
import streamlit as st


@st.cache_data(ttl=600)
def load_regions(_session):
    return _session.table("REGIONS").to_pandas()["REGION"].tolist()


def load_sales(session, region, **options):
    return session.table("SALES").filter(f"REGION = '{region}'").to_pandas()
