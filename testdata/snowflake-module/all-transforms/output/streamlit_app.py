import requests
import streamlit as st


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    # One Snowpark session per server process, shared by every viewer: each .session() call
    # creates a new one that Snowpark keeps alive (see "session" in the stcodemod README).
    return st.connection("snowflake").session()


def calendar_events():
    token = get_snowflake_session().call("STCODEMOD_GET_OAUTH_ACCESS_TOKEN", "google_calendar")
    headers = {"Authorization": f"Bearer {token}"}
    return requests.get("https://www.googleapis.com/calendar/v3/users/me/calendarList", headers=headers, timeout=30).json()


st.json(calendar_events())
