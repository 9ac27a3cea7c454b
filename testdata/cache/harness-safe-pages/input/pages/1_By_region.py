import streamlit as st
from snowflake.snowpark.context import get_active_session

from common.queries import load_sales

session = get_active_session()
regions = session.table("REGIONS").to_pandas()["REGION"].tolist()
region = st.selectbox("Region", regions)
st.dataframe(load_sales(session=session, region=region))
