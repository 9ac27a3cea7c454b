import streamlit as st
from snowflake.snowpark.context import get_active_session

from queries import load_regions

st.title("Regions")
st.dataframe(load_regions(_session=get_active_session()))
