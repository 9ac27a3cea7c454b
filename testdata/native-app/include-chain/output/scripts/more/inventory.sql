create or replace network rule ui.maps_rule mode = egress type = host_port value_list = ('tiles.example.com');
create or replace external access integration ui.maps_eai allowed_network_rules = (ui.maps_rule) enabled = true;

// Stock levels
create or replace streamlit ui."Stock" from 'apps/stock' main_file = 'app.py' external_access_integrations = (ui.maps_eai, ui.pypi_eai) runtime_name = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11' compute_pool = sales_overview_streamlit_pool query_warehouse = sales_overview_query_warehouse;
alter streamlit ui."Stock" set external_access_integrations = (ui.maps_eai, ui.pypi_eai);
grant usage on streamlit ui."Stock" to application role app_viewer;
