-- Added by stcodemod: the compute pool and warehouse the app's Streamlit runs on in the container runtime.
create compute pool if not exists mailorder_streamlit_pool
  min_nodes = 1
  max_nodes = 5
  instance_family = cpu_x64_s
  auto_resume = true;
create warehouse if not exists mailorder_query_warehouse
  warehouse_size = xsmall
  auto_suspend = 60
  auto_resume = true
  initially_suspended = true;

create or replace streamlit ui.receipts_ui
  from 'python/ui' main_file='receipts_ui.py'
  runtime_name = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'
  compute_pool = mailorder_streamlit_pool
  query_warehouse = mailorder_query_warehouse;

grant usage on streamlit ui.receipts_ui to application role app_csr;
grant usage on streamlit ui.receipts_ui to application role app_admin;
