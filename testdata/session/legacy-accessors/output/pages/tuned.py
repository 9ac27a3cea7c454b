import streamlit as st


# The app's own accessor (a ttl of its own): not stcodemod's shape, so it stays.
@st.cache_resource(ttl=3600)
def get_snowflake_session():
    return st.connection("snowflake").session()


st.write(get_snowflake_session().table("T").count())
