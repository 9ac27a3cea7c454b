"""📊 Tableau de bord — données météo ❄️"""
import snowflake_api
import streamlit as st

st.title("🌦️ Météo")  # « prévisions »
clé = st.secrets["clé_météo"]  # 🔑 secret
réponse = snowflake_api.send_snow_api_request("POST", "/api/v2/cortex/inference:complete", {}, {}, {"prompt": "Résume 🌧️"}, None, 20000)
st.write(réponse["content"], bool(clé))
