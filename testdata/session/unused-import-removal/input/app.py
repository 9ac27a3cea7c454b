import streamlit as st
from snowflake.snowpark.context import (
    get_active_session,
    configure_development_features,
)
import os; from snowflake.snowpark.context import get_active_session as gas

configure_development_features()
session = get_active_session() if os.environ.get("X") else gas()
