import json

import snowflake_api
import streamlit as st

st.title("Docs assistant")
resp = snowflake_api.send_snow_api_request(
    "GET", "/api/v2/cortex/threads", {"Accept": "application/json"}, {}, None, None, 5000
)
st.write(json.loads(resp["content"]))
