import streamlit as stl
from snowflake_session import get_snowflake_session

stl.header("Inventory")
stl.write(get_snowflake_session().table("inventory").count())
