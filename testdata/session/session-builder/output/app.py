import streamlit as st
from snowflake.snowpark import Session

session = Session.builder.getOrCreate()
other = Session.builder.create()
configured = Session.builder.configs(st.secrets["connections"]["snowflake"]).create()
st.write(session, other, configured)
