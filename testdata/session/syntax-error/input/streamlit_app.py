import streamlit as st

import fine
