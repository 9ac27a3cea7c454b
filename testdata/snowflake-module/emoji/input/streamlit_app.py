"""📊 Tableau de bord — données météo ❄️"""
import _snowflake
import streamlit as st

st.title("🌦️ Météo")  # « prévisions »
clé = _snowflake.get_generic_secret_string("clé_météo")  # 🔑 secret
réponse = _snowflake.send_snow_api_request("POST", "/api/v2/cortex/inference:complete", {}, {}, {"prompt": "Résume 🌧️"}, None, 20000)
st.write(réponse["content"], bool(clé))
