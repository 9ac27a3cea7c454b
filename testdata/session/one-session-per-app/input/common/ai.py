from snowflake.cortex import Complete


def summarize(text):
    # Uses the active session: fine while the app has exactly one.
    return Complete("mistral-large2", f"Summarize: {text}")
