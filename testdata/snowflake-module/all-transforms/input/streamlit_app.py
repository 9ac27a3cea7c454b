import _snowflake
import requests
import streamlit as st


def calendar_events():
    token = _snowflake.get_oauth_access_token("google_calendar")
    headers = {"Authorization": f"Bearer {token}"}
    return requests.get("https://www.googleapis.com/calendar/v3/users/me/calendarList", headers=headers, timeout=30).json()


st.json(calendar_events())
