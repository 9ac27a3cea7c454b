import streamlit as st


def render():
    session = st.session_state.session
    if st.button("Refresh"):
        st.rerun()

    def load_recent():
        return session.sql("SELECT * FROM dq_results ORDER BY measured_at DESC LIMIT 100").to_pandas()

    st.dataframe(load_recent())


render()
