import streamlit as st
import snowflake.permissions as permission
from snowflake.snowpark.context import get_active_session

session = get_active_session()
if not permission.get_held_account_privileges(["EXECUTE TASK"]):
    permission.request_account_privileges(["EXECUTE TASK"])
st.experimental_rerun()
