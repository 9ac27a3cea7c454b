-- Added by stcodemod: the compute pool and warehouse the app's Streamlit runs on in the container runtime,
-- and PyPI access for its packages, which the consumer approves (app specification pypi_access).
create compute pool if not exists sales_overview_streamlit_pool
  min_nodes = 1
  max_nodes = 5
  instance_family = cpu_x64_s
  auto_resume = true;
create warehouse if not exists sales_overview_query_warehouse
  warehouse_size = xsmall
  auto_suspend = 60
  auto_resume = true
  initially_suspended = true;
create or replace network rule ui.pypi_network_rule
  mode = egress
  type = host_port
  value_list = ('pypi.org', 'files.pythonhosted.org');
create or replace external access integration ui.pypi_eai
  allowed_network_rules = (ui.pypi_network_rule)
  enabled = true;
alter application set specification pypi_access
  type = external_access
  label = 'PyPI'
  description = 'Install the Python packages of the app''s Streamlit from PyPI'
  host_ports = ('pypi.org', 'files.pythonhosted.org');

-- Sales dashboards
create or replace streamlit ui."Sales Overview"
  from 'apps/sales'
  main_file = 'home.py'
  query_warehouse = reporting_wh
  runtime_name = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'
  compute_pool = sales_overview_streamlit_pool
  external_access_integrations = (ui.pypi_eai);
grant usage on streamlit ui."Sales Overview" to application role app_viewer;

execute immediate from './more/inventory.sql';
