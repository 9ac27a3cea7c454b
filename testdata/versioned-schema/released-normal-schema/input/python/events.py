def log_event(session, what):
    session.sql("CREATE TABLE IF NOT EXISTS CORE.EVENTS (AT TIMESTAMP_NTZ, WHAT STRING)").collect()
    session.sql("INSERT INTO CORE.EVENTS SELECT CURRENT_TIMESTAMP(), ?", params=[what]).collect()
    return "logged"
