import streamlit as st

__all__ = ["st"]
