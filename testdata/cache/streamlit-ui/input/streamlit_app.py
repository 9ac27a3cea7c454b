import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def show_sales(session):
    df = session.table("SALES").to_pandas()
    st.dataframe(df)
    return df


def load_with_spinner(session):
    with st.spinner("Loading..."):
        return session.table("SALES").to_pandas()


def load_with_secret(session):
    # st.secrets and st.connection draw nothing: this is cached.
    schema = st.secrets["schema"]
    return session.table(f"{schema}.SALES").to_pandas()


show_sales(session)
