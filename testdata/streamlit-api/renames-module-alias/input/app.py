import streamlit
import streamlit as stl

stl.beta_set_page_config(layout="wide")
left, right = stl.beta_columns(2)
with left.beta_expander("Filters"):
    colour = stl.beta_color_picker("Colour")
with stl.sidebar.beta_container():
    stl.write("sidebar")
tabs = stl.columns(3)
with tabs[0].beta_expander("First"):
    stl.write(colour)


@stl.experimental_memo(ttl=3600)
def load():
    return [1, 2, 3]


@stl.experimental_singleton
def client():
    return object()


@stl.experimental_fragment(run_every=10)
def ticker():
    stl.write(load())


@streamlit.experimental_dialog("Confirm")
def confirm():
    stl.write(stl.experimental_user.email)


edited = stl.experimental_data_editor(load(), num_rows="dynamic")
conn = stl.experimental_connection("snowflake")
clip = stl.sidebar.experimental_audio_input("Say something")
if stl.button("Clear"):
    stl.experimental_memo.clear()
    stl.experimental_singleton.clear()
    streamlit.experimental_rerun()
