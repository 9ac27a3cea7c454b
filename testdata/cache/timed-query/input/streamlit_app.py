import time

import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def timed_count(session):
    start = time.time()
    count = session.sql("SELECT COUNT(*) AS N FROM ORDERS").collect()[0]["N"]
    return count, round(time.time() - start, 1)


count, seconds = timed_count(session)
st.metric("Orders", count)
st.write(f"The query took {seconds} s")
