import json
import types
import requests
import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def open_issues(repo):
    token = get_active_session().call("STCODEMOD_GET_OAUTH_ACCESS_TOKEN", "github_oauth")
    response = requests.get(
        f"https://api.github.com/repos/{repo}/issues",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()


def s3_credentials():
    token = types.SimpleNamespace(**json.loads(get_active_session().call("STCODEMOD_GET_CLOUD_PROVIDER_TOKEN", "aws_reports")))
    return {"key": token.access_key_id, "secret": token.secret_access_key, "token": token.token}


st.title("Open issues")
st.table(open_issues(st.text_input("Repository", "acme/widgets")))
