"""Imported by the app."""
import streamlit as st
from snowflake.snowpark.context import get_active_session

_session = None
_last_region = None
_calls = 0


def session():
    global _session
    if _session is None:
        _session = get_active_session()
    return _session


def remember_region(region):
    global _last_region, _calls
    _last_region = region
    _calls += 1


def read_only():
    global _calls
    return _calls
