import streamlit as st

import app
