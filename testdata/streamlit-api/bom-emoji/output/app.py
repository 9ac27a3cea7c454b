"""Tableau de bord ❄️ — données."""
import streamlit as st

st.title("📈 Tendances")
params = {key: list(st.query_params.get_all(key)) for key in st.query_params}  # 🔗 liens profonds
with st.expander("⚙️ Réglages"):
    st.query_params.from_dict({"région": "ÉMEA"})
