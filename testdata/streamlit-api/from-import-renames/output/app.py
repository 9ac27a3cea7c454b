from streamlit import cache_data, write
from streamlit import rerun
from streamlit import cache_resource as singleton
from streamlit import fragment


@cache_data
def load():
    return [1]


@singleton
def client():
    return object()


@fragment
def panel():
    write(load(), client())
    if cache_data:
        rerun()


def restart():
    from streamlit import rerun as again

    again()
