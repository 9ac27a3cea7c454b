"""Docs: st.secrets[x] here."""
import streamlit as st  # st.secrets[y]

for name in ["api_key", "db_password"]:
    st.write(len(st.secrets[name]))
key = st.secrets.get("openai_key")
