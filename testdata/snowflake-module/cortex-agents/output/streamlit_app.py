import streamlit as st

from agents.client import run_agent

st.title("Support agent")
if prompt := st.chat_input("How can I help?"):
    st.chat_message("user").write(prompt)
    st.chat_message("assistant").write(run_agent(prompt))
