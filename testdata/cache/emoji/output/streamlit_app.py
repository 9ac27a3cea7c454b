"""📈 Tendances — ventes par région."""
import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
st.title("📈 Tendances")


@st.cache_data(ttl=600)
def chiffre_d_affaires(_session, région):
    # 💶 Revenue for one région, in €.
    return _session.sql(f"SELECT SUM(MONTANT) AS TOTAL FROM VENTES WHERE RÉGION = '{région}' -- 🚀").to_pandas()


région = st.selectbox("Région 🌍", ["EMEA", "AMER"])


@st.cache_data(ttl=600)
def load_données(région):
    return session.sql(f"SELECT * FROM VENTES WHERE RÉGION = '{région}' /* 😀 */").to_pandas()


données = load_données(région)
st.metric("CA 💶", chiffre_d_affaires(_session=session, région=région)["TOTAL"][0])
