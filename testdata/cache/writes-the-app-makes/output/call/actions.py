def act(session):
    # A procedure may change any table.
    session.sql("CALL REFRESH_ORDERS()").collect()
