import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


# TODO(stcodemod): my_orders() is not cached: it runs SQL that calls CURRENT_USER(); on the container runtime one cache serves every viewer, so a cached result would show one viewer's data to another (and there CURRENT_USER() returns the app owner, not the viewer: st.user says who is viewing); leave it uncached, or pass what it needs from the viewer in as a parameter
def my_orders(session):
    return session.sql("SELECT * FROM ORDERS WHERE OWNER = CURRENT_USER()").to_pandas()


# TODO(stcodemod): sales() is not cached: it returns a lazy Snowpark DataFrame, which st.cache_data cannot store; return its .to_pandas() (or .collect()) to cache the data, or keep the DataFrame object with st.cache_resource instead
def sales(session):
    return session.table("SALES")


@st.cache_data(ttl=600)
def load(_session):
    return _session.table("SALES").to_pandas()


# TODO(stcodemod): this module-level Snowflake read is not cached: it reads st.user; on the container runtime one cache serves every viewer, so a cached result would show one viewer's data to another; leave it uncached, or pass what it needs from the viewer in as a parameter
mine = session.sql(f"SELECT * FROM ORDERS WHERE EMAIL = '{st.user.email}'").to_pandas()
