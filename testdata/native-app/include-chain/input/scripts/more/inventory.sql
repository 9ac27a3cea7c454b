create or replace network rule ui.maps_rule mode = egress type = host_port value_list = ('tiles.example.com');
create or replace external access integration ui.maps_eai allowed_network_rules = (ui.maps_rule) enabled = true;

// Stock levels
create or replace streamlit ui."Stock" from 'apps/stock' main_file = 'app.py' external_access_integrations = (ui.maps_eai);
alter streamlit ui."Stock" set external_access_integrations = (ui.maps_eai);
grant usage on streamlit ui."Stock" to application role app_viewer;
