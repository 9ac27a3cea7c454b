"""Snowpark sessions however the app gets them."""
import streamlit as st
from snowflake.snowpark import Session
from snowflake.snowpark.context import get_active_session


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    return st.connection("snowflake").session()


app_session = get_snowflake_session()


@st.cache_data(ttl=600)
def from_accessor():
    return get_snowflake_session().table("A").to_pandas()


@st.cache_data(ttl=600)
def from_connection():
    session = st.connection("snowflake").session()
    return session.table("B").to_pandas()


@st.cache_data(ttl=600)
def from_context():
    return get_active_session().table("C").to_pandas()


@st.cache_data(ttl=600)
def from_global():
    return app_session.table("D").to_pandas()


@st.cache_data(ttl=600)
def from_annotation(_snowpark: Session):
    return _snowpark.table("E").to_pandas()


def from_callers_rights():
    session = st.connection("snowflake-callers-rights").session()
    return session.table("F").to_pandas()


def from_parameter(session):
    return session.table("G").to_pandas()


viewer_session = st.connection("snowflake", type="snowflake-callers-rights").session()
st.dataframe(from_parameter(viewer_session))
