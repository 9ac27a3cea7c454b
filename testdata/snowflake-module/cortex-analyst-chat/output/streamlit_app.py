"""Cortex Analyst chat over the sales semantic model."""
import json
from typing import Dict, List

import snowflake_api
import pandas as pd
import streamlit as st
from snowflake.snowpark.context import get_active_session

DATABASE = "SALES_DB"
SCHEMA = "ANALYTICS"
STAGE = "SEMANTIC_MODELS"
FILE = "sales.yaml"
API_ENDPOINT = "/api/v2/cortex/analyst/message"
API_TIMEOUT = 50000  # in milliseconds

session = get_active_session()


def get_analyst_response(messages: List[Dict]) -> Dict:
    """Send the chat history to Cortex Analyst and return its parsed answer."""
    request_body = {
        "messages": messages,
        "semantic_model_file": f"@{DATABASE}.{SCHEMA}.{STAGE}/{FILE}",
    }
    resp = snowflake_api.send_snow_api_request(
        "POST",  # method
        API_ENDPOINT,  # path
        {},  # headers
        {},  # params
        request_body,  # body
        None,  # request_guid
        API_TIMEOUT,  # timeout in milliseconds
    )
    parsed_content = json.loads(resp["content"])
    if resp["status"] < 400:
        return parsed_content
    raise RuntimeError(
        f"Cortex Analyst error {resp['status']} ({resp['reason']}): {parsed_content.get('message')}"
    )


def display_content(content: List[Dict]) -> None:
    for item in content:
        if item["type"] == "text":
            st.markdown(item["text"])
        elif item["type"] == "sql":
            with st.expander("SQL Query", expanded=False):
                st.code(item["statement"], language="sql")
            df = pd.DataFrame(session.sql(item["statement"]).collect())
            st.dataframe(df)


st.title("Cortex Analyst")
if "messages" not in st.session_state:
    st.session_state.messages = []

for message in st.session_state.messages:
    with st.chat_message(message["role"]):
        display_content(message["content"])

if question := st.chat_input("Ask a question about sales"):
    st.session_state.messages.append({"role": "user", "content": [{"type": "text", "text": question}]})
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("analyst"):
        answer = get_analyst_response(st.session_state.messages)
        display_content(answer["message"]["content"])
    st.session_state.messages.append({"role": "analyst", "content": answer["message"]["content"]})
