import streamlit as st
from snowflake.snowpark.context import get_active_session


@st.cache_data(ttl=600)
def report(_session, region):
    def load():
        # Reads `region` from report(): not part of a cache key of its own.
        return _session.sql(f"SELECT * FROM SALES WHERE REGION = '{region}'").to_pandas()

    @st.cache_data(ttl=600)
    def load_products(_session):
        # Rebinds `session`: its own parameter, renamed on its own.
        return _session.table("PRODUCTS").to_pandas()

    def describe(session="session"):
        return session

    helper = lambda session: session
    assert describe() == "session" and helper(_session) is _session
    return load(), load_products(_session=_session)


st.write(report(get_active_session(), "EMEA"))
