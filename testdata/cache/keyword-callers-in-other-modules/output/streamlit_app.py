import streamlit as st
from snowflake.snowpark.context import get_active_session

from common import queries
from common.queries import load_regions, load_sales

session = get_active_session()
regions = load_regions(_session=session)
also = queries.load_regions(_session=session)
sales = load_sales(session=session, region=regions[0])
st.dataframe(sales)
