import streamlit as st
from snowflake_session import get_snowflake_session


def warehouses():
    session = get_snowflake_session()
    session.sql("SHOW WAREHOUSES").collect()
    rows = session.sql('SELECT "name" FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))').collect()
    return [row[0] for row in rows]


def reset(session):
    conn = st.connection("snowflake")
    try:
        return session.sql("select 1").collect()
    finally:
        session.close()
        conn.close()


# Once, when the module is first imported: the same for every viewer.
get_snowflake_session().use_schema("SALES.PUBLIC")
