import streamlit as st


@st.cache
def load_csv(path):
    return open(path).read()


@st.cache()
def load_default():
    return load_csv("data.csv")


@st.cache(ttl=600, show_spinner=False, suppress_st_warning=True)
def load_recent():
    return [1, 2]


@st.cache(allow_output_mutation=True)
def get_model():
    return {"weights": []}


@st.cache(
    allow_output_mutation=True,
    hash_funcs={dict: id},
    max_entries=2,
)
def get_client(url):
    return {"url": url}


@st.cache(persist=True, allow_output_mutation=True, suppress_st_warning=True)
def get_index():
    return {}


@st.cache(persist=True, allow_output_mutation=False)
def get_table():
    return [3]


def square(x):
    return x * x


cached_square = st.cache(square, max_entries=10)


@st.cache(
    # keep one model per server process
    allow_output_mutation=True,
    ttl=60,  # one minute
)
def get_model_with_comments():
    return {}


@st.cache(suppress_st_warning=True)
def load_quietly():
    return []
