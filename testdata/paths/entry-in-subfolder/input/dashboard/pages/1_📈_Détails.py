import pandas as pd
import streamlit as st
from pathlib import Path

frame = pd.read_parquet(path="data/details.parquet")
rows = Path("data").glob("*.csv")
st.switch_page("app.py")
st.video(Path("assets/intro.mp4"))
