from app_pages.page import Page, st
from snowflake_session import get_snowflake_session

try:
    session = get_snowflake_session()
except Exception:
    import local_connection
    session = local_connection.local_session()
Page().title("Mapper")
st.write(session.sql("select 1").collect())
