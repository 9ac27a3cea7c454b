import streamlit as st
from snowflake.snowpark.context import get_active_session


def report(session, region):
    def load():
        # Reads `region` from report(): not part of a cache key of its own.
        return session.sql(f"SELECT * FROM SALES WHERE REGION = '{region}'").to_pandas()

    def load_products(session):
        # Rebinds `session`: its own parameter, renamed on its own.
        return session.table("PRODUCTS").to_pandas()

    def describe(session="session"):
        return session

    helper = lambda session: session
    assert describe() == "session" and helper(session) is session
    return load(), load_products(session=session)


st.write(report(get_active_session(), "EMEA"))
