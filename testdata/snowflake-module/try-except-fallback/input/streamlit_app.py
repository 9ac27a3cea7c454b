import os

import streamlit as st

try:
    import _snowflake
except ImportError:
    pass


def weather_key():
    try:
        return _snowflake.get_generic_secret_string("weather_key")
    except (ImportError, NameError):
        return os.environ.get("WEATHER_KEY", "")


def supplier_key():
    """Supplier portal key, stored as a Snowflake generic secret."""
    try:
        import _snowflake

        return _snowflake.get_generic_secret_string('supplier_key')
    except ImportError:
        # Local development: read it from the environment instead.
        return os.environ.get("SUPPLIER_KEY", "")


st.title("Keys")
st.write(bool(weather_key()), bool(supplier_key()))
