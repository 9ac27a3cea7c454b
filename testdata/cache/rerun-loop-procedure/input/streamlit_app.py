import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def feature_enabled(session):
    return session.sql("SELECT ENABLED FROM SETTINGS").collect()[0][0] == 1


enabled = feature_enabled(session)
st.write(f"Feature enabled: {enabled}")
if st.button("Toggle"):
    st.session_state.wanted = not enabled
if "wanted" in st.session_state and st.session_state.wanted != enabled:
    session.call("SET_ENABLED", 1 if st.session_state.wanted else 0)
    st.rerun()
