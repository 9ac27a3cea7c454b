import pandas as pd
import snowflake.connector
import streamlit as st

conn = st.connection("snowflake")
raw = snowflake.connector.connect(connection_name="default")


@st.cache_data(ttl=600)
def load_with_cursor(_conn, region):
    cur = _conn.cursor()
    cur.execute("SELECT * FROM SALES WHERE REGION = %s", (region,))
    return cur.fetch_pandas_all()


@st.cache_data(ttl=600)
def load_with_context_manager(_connection):
    with _connection.cursor() as cur:
        return cur.execute("SELECT * FROM PRODUCTS").fetchall()


def fetch_rest(cur):
    # The query ran before the call: the cache key could not include it.
    return cur.fetchall()


@st.cache_data(ttl=600)
def load_with_pandas(_connection):
    return pd.read_sql("SELECT * FROM SALES", _connection)


def load_with_query():
    # conn.query() caches its results already.
    return conn.query("SELECT * FROM SALES", ttl=600)


st.dataframe(load_with_cursor(conn.raw_connection, "EMEA"))
st.dataframe(load_with_pandas(_connection=raw))
