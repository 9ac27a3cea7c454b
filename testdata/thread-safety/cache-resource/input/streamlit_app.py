import streamlit as st


@st.cache_resource
def load_lookup():
    lookup = {}
    lookup["ready"] = True
    return lookup


@st.experimental_singleton
def load_rows():
    return []


@st.cache(allow_output_mutation=True)
def load_model():
    return {"weights": []}


@st.cache_data
def load_copy():
    return {}


lookup = load_lookup()
lookup["user"] = st.query_params.get("user")
rows = load_rows()
rows.append(1)
load_model()["weights"].append(0.5)
load_model().update(version=2)
model = load_model()
model.version = 3
copy = load_copy()
copy["free"] = True
st.write(lookup.get("ready"), len(rows))
