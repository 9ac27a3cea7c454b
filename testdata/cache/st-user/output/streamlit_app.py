import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def my_orders(session):
    email = st.user.email
    return session.sql(f"SELECT * FROM ORDERS WHERE EMAIL = '{email}'").to_pandas()


def legacy_user_orders(session):
    return session.sql(f"SELECT * FROM ORDERS WHERE EMAIL = '{st.experimental_user.email}'").to_pandas()


def saved_filter(session):
    return session.table("ORDERS").filter(st.session_state["filter"]).to_pandas()


@st.cache_data(ttl=600)
def cached_orders(_session):
    # Already cached, but filtered by the viewer: shared by every viewer on the container runtime.
    return _session.sql(f"SELECT * FROM ORDERS WHERE EMAIL = '{st.user.email}'").to_pandas()


@st.cache_data(ttl=600)
def orders_for(_session, email):
    # The viewer's e-mail is a parameter, so it is part of the cache key.
    return _session.sql(f"SELECT * FROM ORDERS WHERE EMAIL = '{email}'").to_pandas()


viewer = st.user.email


@st.cache_data(ttl=600)
def load_mine(viewer):
    return session.sql(f"SELECT * FROM ORDERS WHERE EMAIL = '{viewer}'").to_pandas()


mine = load_mine(viewer)
inline = session.sql(f"SELECT * FROM ORDERS WHERE EMAIL = '{st.user.email}'").to_pandas()
st.dataframe(orders_for(session, st.user.email))
