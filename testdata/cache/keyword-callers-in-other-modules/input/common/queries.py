"""Shared queries for the pages."""
import streamlit as st


def load_regions(session):
    return session.table("REGIONS").to_pandas()["REGION"].tolist()


def load_sales(session, region, **options):
    return session.table("SALES").filter(f"REGION = '{region}'").to_pandas()
