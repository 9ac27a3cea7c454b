import streamlit as st
import streamlit.components.v1 as components
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.source_util import _on_pages_changed, get_pages
from streamlit.util import calc_md5

from charts import sales_figure

pages = get_pages("streamlit_app.py")
_on_pages_changed.send()
key = calc_md5("orders")

# st.bokeh_chart is gone; this comment and the string below are not code.
st.caption("drawn with st.bokeh_chart before")
st.bokeh_chart(sales_figure(), use_container_width=True)
components.html("<b>still here</b>")
st.components.v1.iframe("https://example.com")
st.dataframe([], column_config={"a": st.column_config.TextColumn("A")})
st.write(get_script_run_ctx() is not None)
