def load_regions(session):
    return session.table("REGIONS").to_pandas()


def load_sales(session, region):
    return session.sql(f"SELECT REGION, AMOUNT FROM SALES WHERE REGION = '{region}'").to_pandas()
