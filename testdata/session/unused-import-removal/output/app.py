import streamlit as st
from snowflake.snowpark.context import (
    configure_development_features,
)
import os
from snowflake_session import get_snowflake_session

configure_development_features()
session = get_snowflake_session() if os.environ.get("X") else get_snowflake_session()
