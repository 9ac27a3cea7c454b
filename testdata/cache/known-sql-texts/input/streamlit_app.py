import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
QUERY = "SELECT * FROM SALES"


def run_built(session, columns):
    query = "SELECT " + ", ".join(columns) + " FROM SALES"
    query += " ORDER BY 1"
    return session.sql(query).to_pandas()


def run_constant(session):
    return session.sql(QUERY).to_pandas()


def run_formatted(session, table):
    return session.sql("SELECT * FROM {}".format(table)).to_pandas()


st.dataframe(run_constant(session))
