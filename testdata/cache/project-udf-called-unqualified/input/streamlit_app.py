import streamlit as st
from snowflake.snowpark.context import get_active_session


def summary(text):
    return get_active_session().sql("select summarize(?)", params=[text]).collect()[0][0]


def regions():
    return get_active_session().sql("select upper(region), count(*) from sales group by 1").to_pandas()


st.write(summary(st.text_input("t")), regions())
