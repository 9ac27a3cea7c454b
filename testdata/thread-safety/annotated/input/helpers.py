import os
import threading

import streamlit as st

_cache = {}  # 🗂️ clé → valeur


def store(key, value):
    _cache[key] = value
    os.chdir("/tmp")


def start():
    threading.Thread(target=lambda: st.write("done")).start()
