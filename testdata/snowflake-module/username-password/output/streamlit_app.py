import psycopg2
import streamlit as st


def connect_warehouse_db():
    creds = st.secrets["legacy_pg"]
    return psycopg2.connect(
        host="pg.internal.example.com",
        dbname="inventory",
        user=creds.username,
        password=creds.password,
    )


st.title("Legacy inventory")
with connect_warehouse_db() as conn:
    st.dataframe(conn.cursor().execute("SELECT * FROM stock").fetchall())
