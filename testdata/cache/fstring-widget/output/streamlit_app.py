import streamlit as st
from snowflake.snowpark.context import get_active_session

SALES_TABLE = "SALES_DB.ANALYTICS.DAILY_SALES"
session = get_active_session()

region = st.selectbox("Region", ["EMEA", "AMER", "APAC"])
days = st.slider("Days", min_value=7, max_value=180, value=30)


def fetch_sales(region, days):
    return session.sql(
        f"SELECT * FROM {SALES_TABLE} WHERE REGION = '{region}' AND ORDER_DATE >= DATEADD(day, -{days}, CURRENT_DATE())"
    ).to_pandas()


def fetch_region_from_widget():
    # Reads the widget's value as a module variable: not part of any cache key.
    return session.sql(f"SELECT * FROM {SALES_TABLE} WHERE REGION = '{region}'").to_pandas()


sales = fetch_sales(region, days)


@st.cache_data(ttl=600)
def load_totals(region):
    return session.sql(f"SELECT SUM(AMOUNT) AS TOTAL FROM {SALES_TABLE} WHERE REGION = '{region}'").to_pandas()


totals = load_totals(region)
st.dataframe(sales)
st.metric("Total", totals["TOTAL"][0])
