from snowflake import snowpark
import streamlit as st
from snowflake_session import get_snowflake_session


def orders():
    return get_snowflake_session().table("ORDERS").to_pandas()


def schema():
    # snowpark is still needed here: its import stays.
    return snowpark.types.StructType([])


st.dataframe(orders())
