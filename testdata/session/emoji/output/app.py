import streamlit as st
from snowflake_session import get_snowflake_session

st.title("❄️ Données de ventes 🎈")
st.caption("日本語のテキスト — naïve café 👩‍👩‍👧")
session = get_snowflake_session(); st.write("✅ connecté")
st.write(session.sql("select '🚀' as rocket").collect())
