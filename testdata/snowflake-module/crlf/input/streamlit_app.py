import json

import _snowflake
import streamlit as st

KEY = _snowflake.get_generic_secret_string("search_key")


def ask(body):
    resp = _snowflake.send_snow_api_request("POST", "/api/v2/cortex/analyst/message", {}, {}, body, None, 30000)
    return json.loads(resp["content"])


st.write(ask({"messages": []}), bool(KEY))
