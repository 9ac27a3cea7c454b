"""Shared Snowpark helpers for the sales dashboard pages."""
import os

from snowflake.snowpark.functions import col
from snowflake_session import get_snowflake_session

SALES_TABLE = "SALES_DB.ANALYTICS.DAILY_SALES"
INVENTORY_TABLE = "SALES_DB.ANALYTICS.INVENTORY_LEVELS"
RESTOCK_TABLE = "SALES_DB.ANALYTICS.RESTOCK_REQUESTS"
LOW_STOCK_THRESHOLD = 25


def get_session():
    """Return the Snowflake session; fall back to a local session for development."""
    try:
        session = get_snowflake_session()
    except Exception:
        from snowflake.snowpark import Session

        session = Session.builder.configs(
            {
                "account": os.environ.get("SNOWFLAKE_ACCOUNT", ""),
                "user": os.environ.get("SNOWFLAKE_USER", ""),
                "authenticator": "externalbrowser",
                "role": "ANALYST",
                "warehouse": "COMPUTE_WH",
                "database": "SALES_DB",
                "schema": "ANALYTICS",
            }
        ).create()
    return session


def load_regions(session):
    """Distinct sales regions, sorted alphabetically."""
    df = session.table(SALES_TABLE).select("REGION").distinct().sort("REGION").to_pandas()
    return df["REGION"].tolist()


def load_inventory(session, warehouse_code=None):
    """Current stock per SKU, optionally limited to one distribution centre."""
    table = session.table(INVENTORY_TABLE)
    if warehouse_code:
        table = table.filter(col("WAREHOUSE_CODE") == warehouse_code)
    return table.select(
        "SKU", "PRODUCT_NAME", "WAREHOUSE_CODE", "ON_HAND", "REORDER_POINT", "UPDATED_AT"
    ).to_pandas()


def flag_low_stock(df, threshold=LOW_STOCK_THRESHOLD):
    """Add a LOW_STOCK column: on-hand below the reorder point or the global threshold."""
    df = df.copy()
    df["LOW_STOCK"] = (df["ON_HAND"] < df["REORDER_POINT"]) | (df["ON_HAND"] < threshold)
    return df
