import _snowflake


def refresh(session):
    token = _snowflake.get_generic_secret_string("api_token")
    return session.sql("call refresh_orders(?)", params=[token]).collect()
