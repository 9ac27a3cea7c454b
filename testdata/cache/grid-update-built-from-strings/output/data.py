def get_dataset(session):
    return session.sql("SELECT ID, STATUS FROM TASKS ORDER BY ID").to_pandas()
