import streamlit as st
from snowflake.snowpark.context import get_active_session

st.title("❄️ Données de ventes 🎈")
st.caption("日本語のテキスト — naïve café 👩‍👩‍👧")
session = get_active_session(); st.write("✅ connecté")
st.write(session.sql("select '🚀' as rocket").collect())
