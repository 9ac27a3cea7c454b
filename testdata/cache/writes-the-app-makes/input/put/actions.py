import io


def act(session):
    session.file.put_stream(io.BytesIO(b"1,2"), "@ORDERS_STAGE/new.csv")
    session.sql("COPY INTO ORDERS FROM @ORDERS_STAGE").collect()
