import os
import sys
from pathlib import Path

import streamlit as st

# The app picks its data source by where it runs.
IN_SNOWFLAKE = os.environ["HOME"] == "/home/udf"
if os.getenv("HOME", "").startswith("/home/udf"):
    st.caption("warehouse runtime")
if "_snowflake" in sys.modules:
    st.caption("running as a stored procedure")
if os.getcwd() == "/tmp/appRoot" or str(Path.cwd()).startswith("/tmp"):
    st.caption("in Snowflake's folder")
