def act(session):
    # The service's code may write anything while it runs.
    session.sql("ALTER SERVICE ORDER_SYNC RESUME").collect()
