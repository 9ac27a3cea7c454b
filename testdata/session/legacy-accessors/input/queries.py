"""Queries, migrated by an earlier stcodemod: one accessor per module."""
import streamlit


@streamlit.cache_resource(validate=lambda session: not session.connection.is_closed())
def get_snowflake_session_2():
    return streamlit.connection("snowflake").session()


get_snowflake_session = None


def totals():
    return get_snowflake_session_2().table("TOTALS").collect()
