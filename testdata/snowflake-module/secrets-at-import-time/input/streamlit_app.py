"""Weather page: the API key is read once, when the script starts."""
import _snowflake
import requests
from streamlit import title, write

WEATHER_API_KEY = _snowflake.get_generic_secret_string("weather_api_key")
MAPS_API_KEY = _snowflake.get_generic_secret_string('maps_api_key')
HEADERS = {"X-Api-Key": WEATHER_API_KEY}

title("Weather")
write(requests.get("https://api.example.com/v1/today", headers=HEADERS, timeout=10).json())
