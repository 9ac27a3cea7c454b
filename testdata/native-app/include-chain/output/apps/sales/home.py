import plotly.express as px
import streamlit as st
from snowflake_session import get_snowflake_session

session = get_snowflake_session()


@st.cache_data(ttl=600)
def load_sales():
    return session.sql("SELECT region, amount FROM shared.sales").to_pandas()


sales = load_sales()
st.plotly_chart(px.bar(sales, x="REGION", y="AMOUNT"))
