"""📈 Tendances — ventes par région."""
import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
st.title("📈 Tendances")


def chiffre_d_affaires(session, région):
    # 💶 Revenue for one région, in €.
    return session.sql(f"SELECT SUM(MONTANT) AS TOTAL FROM VENTES WHERE RÉGION = '{région}' -- 🚀").to_pandas()


région = st.selectbox("Région 🌍", ["EMEA", "AMER"])
données = session.sql(f"SELECT * FROM VENTES WHERE RÉGION = '{région}' /* 😀 */").to_pandas()
st.metric("CA 💶", chiffre_d_affaires(session=session, région=région)["TOTAL"][0])
