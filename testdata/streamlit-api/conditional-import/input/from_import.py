import os

if os.environ.get("LOCAL"):
    from local_shim import experimental_rerun
else:
    from streamlit import experimental_rerun


def refresh():
    experimental_rerun()
