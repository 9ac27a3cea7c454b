import spacy
import streamlit as st

nlp = spacy.load("en_core_web_sm")
st.write(nlp("Hello")[0].pos_)
