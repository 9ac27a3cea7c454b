import streamlit as st
from snowflake.snowpark import Session
from snowflake.snowpark.context import get_active_session


def top_customers(session: Session, limit: int = 10):
    """Top customers by revenue; `session` is the Snowpark session."""
    # The session is not part of the result.
    return session.table("CUSTOMERS").sort("REVENUE", ascending=False).limit(limit).to_pandas()


def orders_for(region, session=None):
    session = session or get_active_session()
    return session.sql(f"SELECT * FROM ORDERS WHERE REGION = '{region}'").to_pandas()


session = get_active_session()
st.dataframe(top_customers(session))
st.dataframe(top_customers(session=session, limit=5))
st.dataframe(top_customers(limit=3, session=session))
st.dataframe(orders_for("EMEA", session=session))
st.write(dict(session="kept"), "top_customers(session=session)")
