from snowflake import permissions
import streamlit as st
