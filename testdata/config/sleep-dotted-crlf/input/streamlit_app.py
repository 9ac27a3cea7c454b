import streamlit as st
