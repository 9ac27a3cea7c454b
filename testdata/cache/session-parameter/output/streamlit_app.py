import streamlit as st
from snowflake.snowpark import Session
from snowflake.snowpark.context import get_active_session


@st.cache_data(ttl=600)
def top_customers(_session: Session, limit: int = 10):
    """Top customers by revenue; `session` is the Snowpark session."""
    # The session is not part of the result.
    return _session.table("CUSTOMERS").sort("REVENUE", ascending=False).limit(limit).to_pandas()


@st.cache_data(ttl=600)
def orders_for(region, _session=None):
    _session = _session or get_active_session()
    return _session.sql(f"SELECT * FROM ORDERS WHERE REGION = '{region}'").to_pandas()


session = get_active_session()
st.dataframe(top_customers(session))
st.dataframe(top_customers(_session=session, limit=5))
st.dataframe(top_customers(limit=3, _session=session))
st.dataframe(orders_for("EMEA", _session=session))
st.write(dict(session="kept"), "top_customers(session=session)")
