from streamlit import connection, write
from snowflake_session import get_snowflake_session

write(get_snowflake_session().table("inventory").count())
