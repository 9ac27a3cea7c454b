from snowflake.snowpark.context import get_active_session
import streamlit as st


@st.cache_data(ttl=600)
def load_regions():
    return get_active_session().table("REGIONS").to_pandas()


REGIONS = load_regions()
