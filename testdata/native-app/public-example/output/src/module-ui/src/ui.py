import pandas as pd
import streamlit as st
import snowflake.permissions as permission


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    # One Snowpark session per server process, shared by every viewer: each .session() call
    # creates a new one that Snowpark keeps alive (see "session" in the stcodemod README).
    return st.connection("snowflake").session()


st.title("Orders")

if not permission.get_reference_associations("orders_table"):
    permission.request_reference("orders_table")
    st.stop()

session = get_snowflake_session()


@st.cache_data(ttl=600)
def load_orders():
    return session.sql("SELECT * FROM reference('orders_table')").to_pandas()


orders = load_orders()
st.dataframe(pd.DataFrame(orders), width="stretch")
if st.button("Refresh"):
    st.rerun()
