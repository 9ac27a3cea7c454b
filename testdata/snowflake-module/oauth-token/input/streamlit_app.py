import _snowflake
import requests
import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def open_issues(repo):
    token = _snowflake.get_oauth_access_token("github_oauth")
    response = requests.get(
        f"https://api.github.com/repos/{repo}/issues",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()


def s3_credentials():
    token = _snowflake.get_cloud_provider_token("aws_reports")
    return {"key": token.access_key_id, "secret": token.secret_access_key, "token": token.token}


st.title("Open issues")
st.table(open_issues(st.text_input("Repository", "acme/widgets")))
