import streamlit as st

import queries
