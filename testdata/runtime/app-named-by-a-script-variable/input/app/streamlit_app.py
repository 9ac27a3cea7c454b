import plotly.express as px
import streamlit as st

st.plotly_chart(px.bar(x=[1, 2], y=[3, 4]))
