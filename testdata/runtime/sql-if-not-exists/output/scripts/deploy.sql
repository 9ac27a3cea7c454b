-- Run on every deploy: creates the apps the first time only.
create streamlit if not exists analytics.apps.dashboard
  FROM '@analytics.apps.app_stage/dashboard'
  main_file = 'streamlit_app.py'
  query_warehouse = reporting_wh
  RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'
  COMPUTE_POOL = <COMPUTE_POOL>;
GRANT USAGE ON STREAMLIT analytics.apps.dashboard TO ROLE analyst;

CREATE STREAMLIT IF NOT EXISTS analytics.apps.admin FROM '@analytics.apps.app_stage/admin' MAIN_FILE = 'admin.py' RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11' COMPUTE_POOL = <COMPUTE_POOL>;
