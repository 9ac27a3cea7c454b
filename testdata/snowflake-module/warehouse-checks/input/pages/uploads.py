"""Uploads go to /home/udf in Snowflake (this docstring is not a test)."""
import os
from pathlib import Path


def upload_dir():
    if os.path.exists("/home/udf"):
        return Path("/tmp")
    return Path(__file__).parent / "uploads"


# Not a test of where the app runs: left alone.
here = os.getcwd()
print(os.path.join(here, "data.csv"))
