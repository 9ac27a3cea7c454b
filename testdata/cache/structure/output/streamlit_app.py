import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
calls = 0


def batches(session):
    for batch in session.sql("SELECT * FROM SALES").to_pandas_batches():
        yield batch


async def load_async(session):
    return session.table("SALES").to_pandas()


def counted(session):
    global calls
    calls += 1
    return session.table("SALES").to_pandas()


def no_result(session):
    session.sql("SELECT 1").collect()


def traced(function):
    return function


@traced
def decorated(session):
    return session.table("SALES").to_pandas()


st.dataframe(counted(session))
