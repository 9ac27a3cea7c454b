import os

import streamlit as st

try:
    import _snowflake
    IN_SNOWFLAKE = True
except ImportError:
    IN_SNOWFLAKE = False

if IN_SNOWFLAKE:
    token = _snowflake.get_generic_secret_string("flags_token")
else:
    token = os.environ["FLAGS_TOKEN"]

st.write("flags token loaded" if token else "no flags token")
