import streamlit as st


@st.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session():
    # One Snowpark session per server process, shared by every viewer: each .session() call
    # creates a new one that Snowpark keeps alive (see "session" in the stcodemod README).
    return st.connection("snowflake").session()


session = get_snowflake_session()
st.title("Sales")


@st.cache_data(ttl=600)
def load_sales(region):
    return get_snowflake_session().sql(f"SELECT * FROM SALES WHERE REGION = '{region}'").to_pandas()


@st.cache_data(ttl=600)
def load_products():
    return session.table("PRODUCTS").to_pandas()


products = load_products()
st.dataframe(load_sales(st.selectbox("Region", ["EMEA", "AMER"])))
