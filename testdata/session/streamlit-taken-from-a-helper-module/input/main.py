from helpers import st, title
from snowflake.snowpark.context import get_active_session

session = get_active_session()
title("Orders")
st.write(session.sql("select 1").collect())
