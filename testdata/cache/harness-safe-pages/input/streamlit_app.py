import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
st.title("Sales")
regions = session.table("REGIONS").to_pandas()["REGION"].tolist()
st.write(f"{len(regions)} regions")
