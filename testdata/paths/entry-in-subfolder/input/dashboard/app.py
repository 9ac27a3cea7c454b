"""Entry file in a subfolder: paths below were written relative to it."""
import json

import pandas as pd
import streamlit as st

from common.loader import load

st.image("assets/logo.png", width=120)
sales = pd.read_csv("data/sales.csv")
with open('data/regions.json', encoding="utf-8") as handle:
    regions = json.load(handle)
settings = open("config.yaml").read()  # in both folders: left alone
st.page_link("pages/1_📈_Détails.py", label="Détails ❄️")
st.download_button("Export", data="data/sales.csv")
