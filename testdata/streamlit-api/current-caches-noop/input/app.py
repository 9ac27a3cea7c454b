import streamlit as st


@st.cache_data(ttl=600)
def load(_session, limit=10):
    return _session.sql(f"SELECT * FROM T LIMIT {limit}").to_pandas()


@st.cache_resource
def model():
    return object()


st.dataframe(load(st.connection("snowflake").session()))
