"""Query helpers shared by the pages."""
from __future__ import annotations

import pandas as pd
from snowflake_session import get_snowflake_session


def daily_sales() -> pd.DataFrame:
    return get_snowflake_session().table("daily_sales").to_pandas()
