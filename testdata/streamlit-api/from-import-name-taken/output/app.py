"""`rerun` already means something here, and `experimental_dialog` is exported by name."""
from streamlit import dialog as experimental_dialog, rerun as experimental_rerun

__all__ = ["experimental_dialog", "restart"]


def rerun(times):
    return times


def restart():
    rerun(1)
    experimental_rerun()


@experimental_dialog("Hello")
def greet():
    restart()
