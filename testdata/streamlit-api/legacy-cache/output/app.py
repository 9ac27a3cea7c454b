import streamlit as st


@st.cache_data
def load_csv(path):
    return open(path).read()


@st.cache_data()
def load_default():
    return load_csv("data.csv")


@st.cache_data(ttl=600, show_spinner=False)
def load_recent():
    return [1, 2]


@st.cache_resource
def get_model():
    return {"weights": []}


@st.cache_resource(
    hash_funcs={dict: id},
    max_entries=2,
)
def get_client(url):
    return {"url": url}


@st.cache_resource
def get_index():
    return {}


@st.cache_data(persist=True)
def get_table():
    return [3]


def square(x):
    return x * x


cached_square = st.cache_data(square, max_entries=10)


@st.cache_resource(
    # keep one model per server process
    ttl=60,  # one minute
)
def get_model_with_comments():
    return {}


@st.cache_data
def load_quietly():
    return []
