from snowflake.snowpark.context import get_active_session

from appPages.page import heading, st

session = get_active_session()


def load_region(session):
    region = st.session_state.region
    return session.sql(f"SELECT REGION, AMOUNT FROM ORDERS WHERE REGION = '{region}'").to_pandas()


heading("Orders")
st.selectbox("Region", ["EU", "US"], key="region")
st.dataframe(load_region(session))
