import streamlit as stl
from snowflake.snowpark.context import get_active_session

stl.header("Inventory")
stl.write(get_active_session().table("inventory").count())
