-- Sales dashboards
create or replace streamlit ui."Sales Overview"
  from 'apps/sales'
  main_file = 'home.py'
  query_warehouse = reporting_wh;
grant usage on streamlit ui."Sales Overview" to application role app_viewer;

execute immediate from './more/inventory.sql';
