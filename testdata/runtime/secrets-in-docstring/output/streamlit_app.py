"""Chat with an agent.

Locally, put the token in .streamlit/secrets.toml; in Snowflake, bind it to the app.
"""
import streamlit as st

# st.secrets.example is only an example in a comment
token = st.secrets["agent_token"]
for key in ["pat", "account_url"]:
    value = st.secrets.get(key, "")
st.code('st.secrets["in_a_sample"]')
