def load_sales(session, region):
    return session.sql(
        f"SELECT REGION, AMOUNT FROM SALES WHERE REGION = '{region}' ORDER BY AMOUNT"
    ).to_pandas()
