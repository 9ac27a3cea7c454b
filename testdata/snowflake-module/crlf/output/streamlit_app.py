import json

import snowflake_api
import streamlit as st

KEY = st.secrets["search_key"]


def ask(body):
    resp = snowflake_api.send_snow_api_request("POST", "/api/v2/cortex/analyst/message", {}, {}, body, None, 30000)
    return json.loads(resp["content"])


st.write(ask({"messages": []}), bool(KEY))
