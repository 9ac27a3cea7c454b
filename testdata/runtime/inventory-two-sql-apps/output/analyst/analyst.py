import json

import snowflake_api
import streamlit as st

response = snowflake_api.send_snow_api_request("POST", "/api/v2/cortex/analyst/message", {}, {}, {"messages": []}, None, 30000)
st.json(json.loads(response["content"]))
