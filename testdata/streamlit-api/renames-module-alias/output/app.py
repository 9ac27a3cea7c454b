import streamlit
import streamlit as stl

stl.set_page_config(layout="wide")
left, right = stl.columns(2)
with left.expander("Filters"):
    colour = stl.color_picker("Colour")
with stl.sidebar.container():
    stl.write("sidebar")
tabs = stl.columns(3)
with tabs[0].expander("First"):
    stl.write(colour)


@stl.cache_data(ttl=3600)
def load():
    return [1, 2, 3]


@stl.cache_resource
def client():
    return object()


@stl.fragment(run_every=10)
def ticker():
    stl.write(load())


@streamlit.dialog("Confirm")
def confirm():
    stl.write(stl.user.email)


edited = stl.data_editor(load(), num_rows="dynamic")
conn = stl.connection("snowflake")
clip = stl.sidebar.audio_input("Say something")
if stl.button("Clear"):
    stl.cache_data.clear()
    stl.cache_resource.clear()
    streamlit.rerun()
