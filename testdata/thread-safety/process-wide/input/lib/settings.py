"""Imported once per process: these run once, at import time, and are not reported."""
import os
import sys

sys.path.append(os.path.dirname(__file__))
os.environ.setdefault("APP_MODE", "prod")


def configure(mode):
    os.environ["APP_MODE"] = mode
