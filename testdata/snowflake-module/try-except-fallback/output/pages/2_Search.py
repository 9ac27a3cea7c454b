import json

import streamlit as st

SEARCH_PATH = "/api/v2/databases/DOCS/schemas/PUBLIC/cortex-search-services/DOCS_SEARCH:query"


def search(query):
    try:
        import snowflake_api

        resp = snowflake_api.send_snow_api_request(
            "POST", SEARCH_PATH, {}, {}, {"query": query, "limit": 5}, None, 10000
        )
        return json.loads(resp["content"])["results"]
    except ImportError:
        st.info("Search runs only in Snowflake; showing no results.")
        return []


st.write(search(st.text_input("Search the docs")))
