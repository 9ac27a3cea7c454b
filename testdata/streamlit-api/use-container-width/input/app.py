import streamlit as st
from streamlit import dataframe

left, right = st.columns(2)
tabs = st.tabs(["A", "B"])
data = [1, 2, 3]

if st.button("Run", use_container_width=True):
    st.write("run")
st.sidebar.download_button("Get", data="x", use_container_width=True)
left.dataframe(data, use_container_width=False)
with right:
    st.data_editor(data, use_container_width=True, key="editor")
tabs[0].line_chart(data, use_container_width=True)
dataframe(data, use_container_width=True)
with st.form("f"):
    st.form_submit_button("Save", use_container_width=True)
st.link_button("Docs", "https://docs.streamlit.io", use_container_width=True)
st.image("logo.png", use_column_width=True)
st.image("logo.png", use_column_width="always")

# Left alone: 1.50 may not have `width="stretch"` on these charts yet.
st.plotly_chart({}, use_container_width=True)
st.altair_chart(None, use_container_width=True)
