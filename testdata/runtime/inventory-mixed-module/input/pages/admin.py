import _snowflake
import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def load(session):
    token = _snowflake.get_generic_secret_string("loader_token")
    return session.sql(f"call load('{token}')").collect()


session.sproc.register(load, name="load_all", replace=True, packages=["snowflake-snowpark-python"])
if st.button("Load"):
    st.write(session.call("load_all"))
