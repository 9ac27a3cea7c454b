import streamlit as st
from snowflake.snowpark.context import get_active_session


class SalesRepository:
    def __init__(self, session):
        self.session = session
        self.region = "EMEA"

    def load(self):
        return self.session.sql(f"SELECT * FROM SALES WHERE REGION = '{self.region}'").to_pandas()

    @staticmethod
    def load_products(session):
        return session.table("PRODUCTS").to_pandas()

    @classmethod
    def load_all(cls, session):
        return session.table("SALES").to_pandas()


repository = SalesRepository(get_active_session())
st.dataframe(repository.load())
