from snowflake import snowpark
import streamlit as st


def orders():
    return snowpark.context.get_active_session().table("ORDERS").to_pandas()


def schema():
    # snowpark is still needed here: its import stays.
    return snowpark.types.StructType([])


st.dataframe(orders())
