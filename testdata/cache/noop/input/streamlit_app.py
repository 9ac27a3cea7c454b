"""A page that never talks to Snowflake."""
import pandas as pd
import streamlit as st

df = pd.DataFrame({"a": [1, 2, 3]})
st.dataframe(df)
query = "SELECT * FROM t"  # a string that mentions .sql( and to_pandas() is not a read
st.write(query, "session.sql(q).to_pandas()")
