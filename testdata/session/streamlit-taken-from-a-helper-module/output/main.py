from helpers import st, title
from snowflake_session import get_snowflake_session

session = get_snowflake_session()
title("Orders")
st.write(session.sql("select 1").collect())
