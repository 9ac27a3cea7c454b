import streamlit as st
from snowflake.snowpark.context import get_active_session


def regions(session):
    # _session is already a keyword name here, so session cannot become _session.
    return session.sql("SELECT REGION FROM SALES").to_pandas().assign(_session=1)


def totals(session):
    # Here _session is only a word in comments and strings: session becomes _session.
    return session.sql("SELECT SUM(AMOUNT) AS _session FROM SALES").to_pandas()


st.dataframe(regions(get_active_session()))
st.dataframe(totals(get_active_session()))
