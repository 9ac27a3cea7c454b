import os

import streamlit as st


def weather_key():
    try:
        return st.secrets["weather_key"]
    except (ImportError, NameError, KeyError, FileNotFoundError):
        return os.environ.get("WEATHER_KEY", "")


def supplier_key():
    """Supplier portal key, stored as a Snowflake generic secret."""
    try:
        return st.secrets['supplier_key']
    except (ImportError, KeyError, FileNotFoundError):
        # Local development: read it from the environment instead.
        return os.environ.get("SUPPLIER_KEY", "")


st.title("Keys")
st.write(bool(weather_key()), bool(supplier_key()))
