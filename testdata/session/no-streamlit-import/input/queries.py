"""Query helpers shared by the pages."""
from __future__ import annotations

import pandas as pd
from snowflake.snowpark.context import get_active_session


def daily_sales() -> pd.DataFrame:
    return get_active_session().table("daily_sales").to_pandas()
