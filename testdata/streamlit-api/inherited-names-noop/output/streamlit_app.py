"""Names every JavaScript object inherits are ordinary names here."""
import base64
import inspect

import pandas as pd
import streamlit as st

encoded = base64.constructor
spec = inspect.signature(print)
st.toString
st.write(st.hasOwnProperty)
frame = pd.constructor("data.csv")
st.valueOf("logo.png")
