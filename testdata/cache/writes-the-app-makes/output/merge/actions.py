def act(session):
    session.sql("MERGE INTO ORDERS o USING STAGED_ORDERS s ON o.ID = s.ID WHEN MATCHED THEN UPDATE SET o.QTY = s.QTY").collect()
