-- The role is re-created on every upgrade: versioned-schema reports it, with SQL for the setup script.
CREATE OR REPLACE APPLICATION ROLE app_public;
CREATE OR ALTER VERSIONED SCHEMA core;
GRANT USAGE ON SCHEMA core TO APPLICATION ROLE app_public;
-- Added by stcodemod: the compute pool and warehouse the app's Streamlit runs on in the container runtime.
CREATE COMPUTE POOL IF NOT EXISTS ui_streamlit_pool
  MIN_NODES = 1
  MAX_NODES = 3
  INSTANCE_FAMILY = CPU_X64_S
  AUTO_RESUME = TRUE;
CREATE WAREHOUSE IF NOT EXISTS ui_query_warehouse
  WAREHOUSE_SIZE = XSMALL
  AUTO_SUSPEND = 60
  AUTO_RESUME = TRUE
  INITIALLY_SUSPENDED = TRUE;

CREATE OR REPLACE STREAMLIT core.ui FROM '/streamlit' MAIN_FILE = 'ui.py' RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11' COMPUTE_POOL = ui_streamlit_pool QUERY_WAREHOUSE = ui_query_warehouse;
GRANT USAGE ON STREAMLIT core.ui TO APPLICATION ROLE app_public;
