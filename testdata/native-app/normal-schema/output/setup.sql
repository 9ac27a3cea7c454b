-- Streamlit in a normal schema, as released versions created it.
CREATE SCHEMA IF NOT EXISTS app_code;
CREATE APPLICATION ROLE IF NOT EXISTS viewer;
GRANT USAGE ON SCHEMA app_code TO APPLICATION ROLE viewer;
-- Added by stcodemod: the compute pool and warehouse the app's Streamlit runs on in the container runtime.
CREATE COMPUTE POOL IF NOT EXISTS viewer_streamlit_pool
  MIN_NODES = 1
  MAX_NODES = 3
  INSTANCE_FAMILY = CPU_X64_S
  AUTO_RESUME = TRUE;
CREATE WAREHOUSE IF NOT EXISTS viewer_query_warehouse
  WAREHOUSE_SIZE = XSMALL
  AUTO_SUSPEND = 60
  AUTO_RESUME = TRUE
  INITIALLY_SUSPENDED = TRUE;

CREATE OR REPLACE STREAMLIT app_code.viewer FROM '/ui' MAIN_FILE = 'viewer.py' IMPORTS = ('/lib/helpers.py') RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11' COMPUTE_POOL = viewer_streamlit_pool QUERY_WAREHOUSE = viewer_query_warehouse;
GRANT USAGE ON STREAMLIT app_code.viewer TO APPLICATION ROLE viewer;
