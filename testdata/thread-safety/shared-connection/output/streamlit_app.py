import streamlit as st
from snowflake.snowpark import Session
from snowflake_session import get_snowflake_session

from common.admin import warehouses

session = get_snowflake_session()
warehouse = st.selectbox("Warehouse", warehouses())
session.use_warehouse(warehouse)
session.sql(f"USE ROLE {st.session_state.get('role', 'ANALYST')}").collect()
session.sql("use schema SALES.PUBLIC").collect()
st.dataframe(session.table("ORDERS").to_pandas())

if st.button("Sign out"):
    session.close()

# A session of the page's own: closing it is fine.
own = Session.builder.config("connection_name", "dev").create()
own.close()
# Not SQL that runs: the word "use" in a sentence.
st.caption("use the sidebar to pick a warehouse")
