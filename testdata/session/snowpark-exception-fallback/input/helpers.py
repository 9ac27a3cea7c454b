import logging

from snowflake.snowpark import Session, exceptions
from snowflake.snowpark.context import get_active_session


def connect():
    try:
        return get_active_session()
    except (exceptions.SnowparkSessionException, KeyError) as error:
        logging.info("no active session (%s): connecting locally", error)
        return Session.builder.config("connection_name", "dev").create()


def connect_broad():
    # Already catches everything: left as it is.
    try:
        return get_active_session()
    except Exception:
        return Session.builder.config("connection_name", "dev").create()
