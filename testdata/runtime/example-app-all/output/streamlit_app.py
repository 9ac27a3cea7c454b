"""Sales dashboard — entry point (Streamlit in Snowflake, warehouse runtime)."""
import altair as alt
import streamlit as st

from common.queries import SALES_TABLE, load_regions
from snowflake_session import get_snowflake_session

st.set_page_config(layout="wide", initial_sidebar_state="expanded")

session = get_snowflake_session()

st.title("❄️ Ventes — Données")
st.caption("Tableau de bord des ventes par région · actualisé chaque nuit à 02:00 UTC")


@st.cache_data(ttl=3600)
def get_regions():
    return load_regions(session)


def fetch_sales(region, days):
    query = f"""
        SELECT ORDER_DATE, PRODUCT_NAME,
               SUM(QUANTITY) AS UNITS, SUM(AMOUNT) AS REVENUE
        FROM {SALES_TABLE}
        WHERE REGION = '{region}'
          AND ORDER_DATE >= DATEADD(day, -{days}, CURRENT_DATE())
        GROUP BY ORDER_DATE, PRODUCT_NAME
        ORDER BY ORDER_DATE DESC
    """
    return session.sql(query).to_pandas()


with st.sidebar:
    region = st.selectbox("Région", get_regions(), key="region")
    days = st.slider("Période (jours)", min_value=7, max_value=180, value=30, step=7)
    if st.button("🔄 Actualiser les données"):
        st.cache_data.clear()
        st.rerun()

sales = fetch_sales(region, days)

if sales.empty:
    st.info(f"Aucune vente pour {region} sur les {days} derniers jours.")
    st.stop()

col1, col2, col3 = st.columns(3)
col1.metric("Chiffre d'affaires", f"{sales['REVENUE'].sum():,.0f} €")
col2.metric("Unités vendues", f"{int(sales['UNITS'].sum()):,}")
col3.metric("Produits actifs", sales["PRODUCT_NAME"].nunique())

top_products = (
    sales.groupby("PRODUCT_NAME", as_index=False)["REVENUE"].sum()
    .sort_values("REVENUE", ascending=False)
    .head(10)
)
chart = (
    alt.Chart(top_products)
    .mark_bar()
    .encode(
        x=alt.X("REVENUE:Q", title="Chiffre d'affaires (€)"),
        y=alt.Y("PRODUCT_NAME:N", sort="-x", title="Produit"),
        tooltip=["PRODUCT_NAME", "REVENUE"],
    )
)
st.subheader(f"Top 10 produits — {region}")
st.altair_chart(chart, use_container_width=True)

with st.expander("Détail des ventes"):
    st.dataframe(sales, width="stretch", hide_index=True)
