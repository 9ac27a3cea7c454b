import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
QUERY = "SELECT * FROM SALES"


@st.cache_data(ttl=600)
def run_built(_session, columns):
    query = "SELECT " + ", ".join(columns) + " FROM SALES"
    query += " ORDER BY 1"
    return _session.sql(query).to_pandas()


@st.cache_data(ttl=600)
def run_constant(_session):
    return _session.sql(QUERY).to_pandas()


@st.cache_data(ttl=600)
def run_formatted(_session, table):
    return _session.sql("SELECT * FROM {}".format(table)).to_pandas()


st.dataframe(run_constant(session))
