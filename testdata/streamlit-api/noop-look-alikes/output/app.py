"""Names that look like Streamlit's deprecated APIs but are not Streamlit's."""
from functools import cache

import streamlit as st


class Router:
    def experimental_rerun(self):
        return "rerun"

    def beta_columns(self, n):
        return [n]


router = Router()
router.experimental_rerun()
router.beta_columns(2)


@cache
def expensive(n):
    return n * n


def render(st):
    # `st` here is a parameter, not the streamlit module.
    st.experimental_rerun()
    st.cache(lambda: 1)


def draw(panel):
    panel.button("Go", use_container_width=True)


help_text = "call st.experimental_rerun() or st.experimental_get_query_params() to refresh"
# st.experimental_rerun() and @st.cache used to live here.
st.write(help_text, expensive(3))
