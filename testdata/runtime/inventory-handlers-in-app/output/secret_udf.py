import _snowflake


def read_token():
    return _snowflake.get_generic_secret_string("api_token")
