import streamlit as st
from snowflake.snowpark.context import get_active_session

sql = "SELECT NAME FROM CUSTOMERS ORDER BY NAME"


def load_data():
    return get_active_session().sql(sql).to_pandas()


st.header("Customers")
st.dataframe(load_data())
