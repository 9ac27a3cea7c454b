import streamlit as st

import tracker

tracker.visit(st.query_params.get("page", "home"))
