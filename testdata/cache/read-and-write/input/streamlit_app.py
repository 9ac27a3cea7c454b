import requests
import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()


def load_and_log(session, user_id):
    session.sql(f"INSERT INTO AUDIT (USER_ID) VALUES ('{user_id}')").collect()
    return session.sql("SELECT * FROM ORDERS").to_pandas()


def snapshot(session):
    df = session.table("ORDERS").to_pandas()
    session.write_pandas(df, "ORDERS_SNAPSHOT", auto_create_table=True)
    return df


def archive(session):
    df = session.table("ORDERS")
    df.write.mode("append").save_as_table("ORDERS_ARCHIVE")
    return df.to_pandas()


def upload(session, rows):
    session.create_dataframe(rows).write.save_as_table("UPLOADS")
    return session.table("UPLOADS").to_pandas()


def export(session):
    df = session.table("ORDERS").to_pandas()
    df.to_csv("/tmp/orders.csv")
    return df


def notify(session):
    df = session.table("ORDERS").to_pandas()
    requests.post("https://hooks.example.com/orders", json={"rows": len(df)})
    return df


def refresh(session):
    session.call("REFRESH_ORDERS")
    return session.table("ORDERS").to_pandas()


def merge_orders(session):
    return session.sql("MERGE INTO ORDERS USING STAGING ON ORDERS.ID = STAGING.ID WHEN MATCHED THEN DELETE").collect()


seen = []


def remember(session):
    rows = session.table("ORDERS").collect()
    seen.append(len(rows))
    return rows


st.dataframe(load_and_log(session, "u1"))


def enrich(session, orders):
    # Changes the caller's DataFrame: a cached call would not.
    orders["TOTAL"] = session.sql("SELECT SUM(AMOUNT) FROM ORDERS").collect()[0][0]
    return orders


def drop_rows(session, orders):
    orders.drop(index=0, inplace=True)
    return session.table("ORDERS").to_pandas()
