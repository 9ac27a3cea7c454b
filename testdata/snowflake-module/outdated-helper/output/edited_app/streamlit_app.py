import json

import snowflake_api
import streamlit as st

# Migrated by an earlier stcodemod: reads the events as _snowflake returned them.
resp = snowflake_api.send_snow_api_request(
    "POST", "/api/v2/databases/db/schemas/s/agents/support:run", {}, {"stream": True}, {"messages": []}, None, 30000)
for event in json.loads(resp["content"]):
    if event["event"] == "message.delta":
        st.write(event["data"]["delta"]["content"][0]["text"])
