import pandas as pd
import streamlit as st
from pathlib import Path

frame = pd.read_parquet(path=Path(__file__).parents[1] / "data/details.parquet")
rows = (Path(__file__).parents[1] / "data").glob("*.csv")
st.switch_page("app.py")
st.video(Path(__file__).parents[1] / "assets/intro.mp4")
