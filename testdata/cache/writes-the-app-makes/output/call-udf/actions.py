from snowflake.snowpark.functions import call_udf, lit


def act(session):
    session.range(1).select(call_udf("SYSTEM$SEND_EMAIL", lit("ops"), lit("a@b.c"), lit("hi"), lit("body"))).collect()
