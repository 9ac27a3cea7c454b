import streamlit as st
from snowflake.snowpark.context import get_active_session

from common.queries import load_sales

session = get_active_session()


@st.cache_data(ttl=600)
def load_regions():
    return session.table("REGIONS").to_pandas()["REGION"].tolist()


regions = load_regions()
region = st.selectbox("Region", regions)
st.dataframe(load_sales(_session=session, region=region))
