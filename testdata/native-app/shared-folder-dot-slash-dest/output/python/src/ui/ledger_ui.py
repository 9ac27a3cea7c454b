import streamlit as st


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    # One Snowpark session per server process, shared by every viewer: each .session() call
    # creates a new one that Snowpark keeps alive (see "session" in the stcodemod README).
    return st.connection("snowflake").session()


st.header("Ledger")


@st.cache_data(ttl=600)
def load_data():
    return get_snowflake_session().table("ledger.receipt_total").to_pandas()


st.dataframe(load_data(), width="stretch")
