import requests
import streamlit as st
from snowflake_session import get_snowflake_session


def calendar_events():
    token = get_snowflake_session().call("STCODEMOD_GET_OAUTH_ACCESS_TOKEN", "google_calendar")
    headers = {"Authorization": f"Bearer {token}"}
    return requests.get("https://www.googleapis.com/calendar/v3/users/me/calendarList", headers=headers, timeout=30).json()


st.json(calendar_events())
