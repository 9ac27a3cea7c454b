import logging

from snowflake.snowpark import Session, exceptions
from snowflake_session import get_snowflake_session
from streamlit.errors import StreamlitAPIException


def connect():
    try:
        return get_snowflake_session()
    except (exceptions.SnowparkSessionException, KeyError, StreamlitAPIException) as error:
        logging.info("no active session (%s): connecting locally", error)
        return Session.builder.config("connection_name", "dev").create()


def connect_broad():
    # Already catches everything: left as it is.
    try:
        return get_snowflake_session()
    except Exception:
        return Session.builder.config("connection_name", "dev").create()
