import streamlit as st
from streamlit import dataframe

left, right = st.columns(2)
tabs = st.tabs(["A", "B"])
data = [1, 2, 3]

if st.button("Run", width="stretch"):
    st.write("run")
st.sidebar.download_button("Get", data="x", width="stretch")
left.dataframe(data, width="content")
with right:
    st.data_editor(data, width="stretch", key="editor")
tabs[0].line_chart(data, width="stretch")
dataframe(data, width="stretch")
with st.form("f"):
    st.form_submit_button("Save", width="stretch")
st.link_button("Docs", "https://docs.streamlit.io", width="stretch")
st.image("logo.png", width="stretch")
st.image("logo.png", width="stretch")

# Left alone: 1.50 may not have `width="stretch"` on these charts yet.
st.plotly_chart({}, use_container_width=True)
st.altair_chart(None, use_container_width=True)
