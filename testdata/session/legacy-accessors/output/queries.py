"""Queries, migrated by an earlier stcodemod: one accessor per module."""
import streamlit
from snowflake_session import get_snowflake_session as get_snowflake_session_2


get_snowflake_session = None


def totals():
    return get_snowflake_session_2().table("TOTALS").collect()
