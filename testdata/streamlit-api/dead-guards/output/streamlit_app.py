import streamlit as st

code = st.query_params.get("code")
if code:
    st.session_state["token"] = code
    # Clears the SSO code from the URL (written for both old and new Streamlit).
    if hasattr(st, "experimental_set_query_params"):
        st.query_params.clear()

rerun = st.rerun if hasattr(st, "experimental_rerun") else st.rerun
if not hasattr(st, "experimental_fragment"):
    st.write("fragments are st.fragment now")

# Already correct on every version the container runtime runs: left alone.
if hasattr(st, "rerun"):
    st.rerun()
dialog = st.dialog if hasattr(st, "dialog") else None
if hasattr(st.column_config, "TextColumn"):
    st.write("text columns")
if hasattr(code, "experimental_rerun"):
    st.write("not Streamlit")
