import streamlit as st

import regions

st.dataframe(regions.REGIONS)
