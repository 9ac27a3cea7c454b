import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
QUERY = "SELECT * FROM SALES"


def run_query(session, query):
    return session.sql(query).to_pandas()


def run_statement(session, verb):
    # Its verb is only known at run time: it may write any table, so no read of the app is cached.
    return session.sql(f"{verb} FROM SALES").collect()


def run_constant(session):
    return session.sql(QUERY).to_pandas()


st.dataframe(run_constant(session))
st.dataframe(run_query(session, "SELECT * FROM REGIONS"))
