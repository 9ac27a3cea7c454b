import streamlit as st


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    # One Snowpark session per server process, shared by every viewer: each .session() call
    # creates a new one that Snowpark keeps alive (see "session" in the stcodemod README).
    return st.connection("snowflake").session()


st.title("Sales")
session = get_snowflake_session()


def load_orders(region):
    return get_snowflake_session().sql(f"select * from orders where region = '{region}'").to_pandas()


for region in ["EU", "US"]:
    st.write(get_snowflake_session().table("regions").count())
