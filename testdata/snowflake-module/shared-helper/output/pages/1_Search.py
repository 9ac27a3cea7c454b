import json

import streamlit as st

SERVICE = "/api/v2/databases/DOCS/schemas/PUBLIC/cortex-search-services/DOCS_SEARCH:query"


def search(query):
    from snowflake_api import send_snow_api_request

    resp = send_snow_api_request("POST", SERVICE, {}, {}, {"query": query, "columns": ["TITLE"]}, None, 10000)
    return json.loads(resp["content"])["results"]


st.dataframe(search(st.text_input("Query", "warehouse sizing")))
