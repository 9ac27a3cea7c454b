"""Revenue trends over time, per region."""
import streamlit as st

from common.queries import SALES_TABLE, load_regions
from snowflake_session import get_snowflake_session

st.title("📈 Tendances")


def load_daily_revenue(region, days):
    session = get_snowflake_session()
    df = session.sql(
        f"""
        SELECT ORDER_DATE, SUM(AMOUNT) AS REVENUE, SUM(QUANTITY) AS UNITS
        FROM {SALES_TABLE}
        WHERE REGION = '{region}'
          AND ORDER_DATE >= DATEADD(day, -{days}, CURRENT_DATE())
        GROUP BY ORDER_DATE
        ORDER BY ORDER_DATE
        """
    ).to_pandas()
    return df.set_index("ORDER_DATE")


def list_regions():
    return load_regions(get_snowflake_session())


# Deep links from the weekly e-mail look like ?region=EMEA&days=90
params = {key: list(st.query_params.get_all(key)) for key in st.query_params}
regions = list_regions()
default_region = params.get("region", [regions[0] if regions else ""])[0]
try:
    default_days = int(params.get("days", ["90"])[0])
except ValueError:
    default_days = 90

region = st.selectbox(
    "Région",
    regions,
    index=regions.index(default_region) if default_region in regions else 0,
)
windows = [30, 60, 90, 180, 365]
days = st.select_slider(
    "Fenêtre (jours)", options=windows, value=default_days if default_days in windows else 90
)

daily = load_daily_revenue(region, days)
if daily.empty:
    st.warning("Pas encore de données pour cette sélection.")
else:
    daily["MOYENNE_7J"] = daily["REVENUE"].rolling(7, min_periods=1).mean()
    st.line_chart(daily[["REVENUE", "MOYENNE_7J"]])
    st.caption(f"{len(daily)} jours · total {daily['REVENUE'].sum():,.0f} €")
    st.bar_chart(daily["UNITS"])
