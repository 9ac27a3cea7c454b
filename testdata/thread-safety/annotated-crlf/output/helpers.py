import os

_cache = {}


def store(key, value):
    if value:
        # TODO(stcodemod): _cache is module-level state of an imported module, shared by every viewer on the container runtime, and store() changes it without a lock: keep per-viewer data in st.session_state, or guard it with a threading.Lock
        _cache[key] = value
    # TODO(stcodemod): os.chdir() changes the working directory of the whole server process, under every viewer's relative paths; build absolute paths (pathlib.Path(__file__).parent / ...) instead
    os.chdir("/tmp")
