"""Shared queries, imported by the pages."""
from snowflake.snowpark import Session

SALES_TABLE = "SALES_DB.ANALYTICS.SALES"


def load_sales(session: Session, region: str):
    return session.table(SALES_TABLE).filter(f"REGION = '{region}'").to_pandas()
