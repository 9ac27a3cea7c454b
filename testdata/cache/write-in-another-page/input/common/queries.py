def load_feedback(session):
    return session.table("FEEDBACK").to_pandas()
