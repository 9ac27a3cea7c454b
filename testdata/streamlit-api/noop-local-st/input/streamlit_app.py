import streamlit

import my_widgets as st

# st is the app's own module here, not Streamlit: nothing of it is Streamlit's API.
st.experimental_rerun()
st.bokeh_chart()
streamlit.write(hasattr(st, "experimental_set_query_params"))
