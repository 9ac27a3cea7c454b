import json

import _snowflake
import streamlit as st

response = _snowflake.send_snow_api_request("POST", "/api/v2/cortex/analyst/message", {}, {}, {"messages": []}, None, 30000)
st.json(json.loads(response["content"]))
