import pydeck as pdk
import streamlit as st

st.pydeck_chart(pdk.Deck(map_style=None))
