"""Weather page: the API key is read once, when the script starts."""
import requests
from streamlit import title, write
import streamlit as st

WEATHER_API_KEY = st.secrets["weather_api_key"]
MAPS_API_KEY = st.secrets['maps_api_key']
HEADERS = {"X-Api-Key": WEATHER_API_KEY}

title("Weather")
write(requests.get("https://api.example.com/v1/today", headers=HEADERS, timeout=10).json())
