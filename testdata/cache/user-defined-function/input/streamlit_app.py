import streamlit as st
from snowflake.snowpark.context import get_active_session


def summary(text):
    return get_active_session().sql(f"select my_db.tools.gpt_completion('{text}')").collect()[0][0]


def regions():
    return get_active_session().sql("select region, count(*) from sales group by region").to_pandas()


st.write(summary(st.text_input("t")), regions())
