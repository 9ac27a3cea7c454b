from streamlit import experimental_get_query_params, experimental_set_query_params, write

query_params = experimental_get_query_params()
write(query_params)
experimental_set_query_params(page=str(len(query_params)))
