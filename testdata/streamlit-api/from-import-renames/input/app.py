from streamlit import cache_data, experimental_memo, write
from streamlit import experimental_rerun
from streamlit import experimental_singleton as singleton
from streamlit import experimental_fragment


@experimental_memo
def load():
    return [1]


@singleton
def client():
    return object()


@experimental_fragment
def panel():
    write(load(), client())
    if cache_data:
        experimental_rerun()


def restart():
    from streamlit import experimental_rerun as again

    again()
