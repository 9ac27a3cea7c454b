"""A use stcodemod cannot convert leaves the import and every use as they are."""
from streamlit import experimental_get_query_params, write

getter = experimental_get_query_params
write(experimental_get_query_params())
