import streamlit as st
from snowflake.snowpark.context import get_active_session

from actions import set_status
from data import get_dataset

TABLE = "TASKS"
session = get_active_session()
st.title("Tasks")
frame = get_dataset(session)
st.dataframe(frame)
open_tasks = frame[frame["STATUS"] == "open"]
if st.button("Finish the next task") and len(open_tasks) > 0:
    set_status(session, TABLE, int(open_tasks["ID"].iloc[0]), "done")
    st.rerun()
