import streamlit as st
from snowflake_session import get_snowflake_session

st.title("Sales")
session = get_snowflake_session()


def load_orders(region):
    return get_snowflake_session().sql(f"select * from orders where region = '{region}'").to_pandas()


for region in ["EU", "US"]:
    st.write(get_snowflake_session().table("regions").count())
