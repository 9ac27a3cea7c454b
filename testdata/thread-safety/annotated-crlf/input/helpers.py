import os

_cache = {}


def store(key, value):
    if value:
        _cache[key] = value
    os.chdir("/tmp")
