"""A form that inserts rows, and the tables that list them."""
import streamlit as st
from snowflake.snowpark.context import get_active_session

from common.tables import AUDIT_TABLE

session = get_active_session()
REQUESTS_TABLE = "APP_DB.PUBLIC.RESTOCK_REQUESTS"


def add_request(session, sku):
    session.sql(f"INSERT INTO {REQUESTS_TABLE} (SKU) VALUES (?)", params=[sku]).collect()
    session.sql(f"INSERT INTO {AUDIT_TABLE} (EVENT) VALUES ('request')").collect()


def list_requests(session):
    return session.table(REQUESTS_TABLE).to_pandas()


def list_audit(session):
    return session.sql(f"SELECT * FROM {AUDIT_TABLE} ORDER BY TS DESC").to_pandas()


@st.cache_data(ttl=600)
def list_products(_session):
    # Nothing in the app writes PRODUCTS, and setup.sql makes it a table: cached.
    return _session.sql("SELECT * FROM app_db.public.products").to_pandas()


def save_notes(session, notes):
    session.write_pandas(notes, "NOTES", auto_create_table=True)


sku = st.text_input("SKU")
if st.button("Request"):
    add_request(session, sku)
notes = session.sql('SELECT * FROM "NOTES"').to_pandas()
st.dataframe(list_requests(session))
