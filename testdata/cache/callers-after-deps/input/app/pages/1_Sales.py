import streamlit as st
from snowflake.snowpark.context import get_active_session

from queries import load_regions, load_sales

session = get_active_session()
options = {"session": session}
regions = load_regions(session=session)["REGION"].tolist()
region = st.selectbox("Region", regions)
st.dataframe(load_sales(**options, region=region))
