from streamlit import cache, write


@cache
def rows():
    return [1, 2, 3]


@cache(allow_output_mutation=True)
def connection():
    return object()


write(rows(), connection())
