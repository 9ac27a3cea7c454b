import streamlit as st

import helpers
