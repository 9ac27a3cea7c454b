import plotly.express as px
import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
sales = session.sql("SELECT region, amount FROM shared.sales").to_pandas()
st.plotly_chart(px.bar(sales, x="REGION", y="AMOUNT"))
