import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
st.title("Sales")


@st.cache_data(ttl=600)
def load_regions():
    return session.table("REGIONS").to_pandas()["REGION"].tolist()


regions = load_regions()
st.write(f"{len(regions)} regions")
