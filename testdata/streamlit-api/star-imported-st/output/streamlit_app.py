from app_utils import *

st.title("Orders")
if st.button("Refresh"):
    st.experimental_rerun()
