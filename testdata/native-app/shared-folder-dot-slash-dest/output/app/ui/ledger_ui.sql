create or replace streamlit ui.ledger_ui
  from 'python/ui' main_file='ledger_ui.py'
  runtime_name = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'
  compute_pool = mailorder_streamlit_pool
  query_warehouse = mailorder_query_warehouse;

grant usage on streamlit ui.ledger_ui to application role app_admin;
