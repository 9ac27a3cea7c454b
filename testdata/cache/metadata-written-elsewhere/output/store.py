from db import table_exists


def save_note(session, text):
    if not table_exists(session, "NOTES"):
        session.sql("CREATE TABLE NOTES (TEXT VARCHAR)").collect()
    session.sql("INSERT INTO NOTES VALUES (?)", params=[text]).collect()
