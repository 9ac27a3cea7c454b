import streamlit as st
from snowflake.snowpark import DataFrame
from snowflake.snowpark.context import get_active_session


def sales_table(session):
    return session.table("SALES")


def filtered_sales(session, region):
    df = session.table("SALES").filter(f"REGION = '{region}'")
    return df


def sales_batches(session):
    return session.sql("SELECT * FROM SALES").to_pandas_batches()


def materialise(df: DataFrame):
    return df.to_pandas()


def count_rows(session):
    df = session.table("SALES")
    return df.count()


st.dataframe(sales_table(get_active_session()).to_pandas())
