from streamlit import query_params as query_params_2, write

query_params = {key: list(query_params_2.get_all(key)) for key in query_params_2}
write(query_params)
query_params_2.from_dict({"page": str(len(query_params))})
