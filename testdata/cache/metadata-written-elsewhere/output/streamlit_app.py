import streamlit as st
from snowflake.snowpark.context import get_active_session

from store import save_note

session = get_active_session()
st.title("Notes")
note = st.text_input("Note")
if st.button("Save"):
    save_note(session, note)
    st.success(f"Saved {note}")
