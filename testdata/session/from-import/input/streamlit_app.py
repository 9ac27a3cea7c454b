import streamlit as st
from snowflake.snowpark.context import get_active_session

st.title("Sales")
session = get_active_session()


def load_orders(region):
    return get_active_session().sql(f"select * from orders where region = '{region}'").to_pandas()


for region in ["EU", "US"]:
    st.write(get_active_session().table("regions").count())
