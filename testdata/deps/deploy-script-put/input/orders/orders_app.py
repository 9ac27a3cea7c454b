import pandas as pd
import streamlit as st

st.write(pd.__version__)
