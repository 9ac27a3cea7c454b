from streamlit import connection, write
from snowflake.snowpark.context import get_active_session

write(get_active_session().table("inventory").count())
