import streamlit as st

import api

st.json(api.ask("hello"))
