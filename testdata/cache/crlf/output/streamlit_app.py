import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


@st.cache_data(ttl=600)
def load(_session, region):
    return _session.sql(
        f"""
        SELECT *
        FROM SALES
        WHERE REGION = '{region}'
        """
    ).to_pandas()


@st.cache_data(ttl=600)
def load_products():
    return (
        session.table("PRODUCTS")
        .select("NAME")
        .to_pandas()
    )


# Products for the picker.
products = load_products()
st.dataframe(load(_session=session, region="EMEA"))
