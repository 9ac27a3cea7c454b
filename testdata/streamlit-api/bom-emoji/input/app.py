"""Tableau de bord ❄️ — données."""
import streamlit as st

st.title("📈 Tendances")
params = st.experimental_get_query_params()  # 🔗 liens profonds
with st.beta_expander("⚙️ Réglages"):
    st.experimental_set_query_params(région="ÉMEA")
