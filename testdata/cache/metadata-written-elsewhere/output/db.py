def table_exists(session, name):
    return len(session.sql(f"SHOW TABLES LIKE '{name}'").collect()) > 0
