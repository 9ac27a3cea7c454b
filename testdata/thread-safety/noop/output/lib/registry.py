"""Imported once per process; every change is made under a lock."""
import threading

_lock = threading.Lock()
_events = []
CONFIG = {"theme": "light"}


def remember(event):
    with _lock:
        _events.append(event)
    return CONFIG.get("theme")


def events():
    local = []
    local.append(len(_events))
    return local
