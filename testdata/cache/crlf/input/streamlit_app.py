import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def load(session, region):
    return session.sql(
        f"""
        SELECT *
        FROM SALES
        WHERE REGION = '{region}'
        """
    ).to_pandas()


# Products for the picker.
products = (
    session.table("PRODUCTS")
    .select("NAME")
    .to_pandas()
)
st.dataframe(load(session=session, region="EMEA"))
