import streamlit as st

import common.queries as queries
from common import state

session = st.connection("snowflake").session()
queries.session = session
state.current_page = "home"
st.write(queries.load())
