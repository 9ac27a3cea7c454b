from streamlit import cache_data, cache_resource, write


@cache_data
def rows():
    return [1, 2, 3]


@cache_resource
def connection():
    return object()


write(rows(), connection())
