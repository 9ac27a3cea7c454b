from snowflake.snowpark.context import get_active_session
import streamlit as st
s = get_active_session()