-- Deploys the dashboard (legacy ROOT_LOCATION form).
USE SCHEMA analytics.apps;

CREATE OR REPLACE STREAMLIT analytics.apps.dashboard
  FROM '@analytics.apps.app_stage/dashboard'
  MAIN_FILE = 'streamlit_app.py'
  QUERY_WAREHOUSE = reporting_wh
  IMPORTS = ('@analytics.apps.libs/helpers.zip')
  COMMENT = 'ROOT_LOCATION = ''@x'' in a string is not a property'
  RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'
  COMPUTE_POOL = <COMPUTE_POOL>;

ALTER STREAMLIT analytics.apps.dashboard SET TITLE = 'Dashboard ❄️' RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11' COMPUTE_POOL = <COMPUTE_POOL>;
