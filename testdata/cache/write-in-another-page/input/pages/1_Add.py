import pandas as pd
import streamlit as st
from snowflake.snowpark.context import get_active_session

comment = st.text_input("Comment")
if st.button("Add"):
    get_active_session().write_pandas(pd.DataFrame({"COMMENT": [comment]}), "FEEDBACK")
    st.success("Thank you")
