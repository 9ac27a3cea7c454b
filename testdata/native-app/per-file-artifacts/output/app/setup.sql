CREATE APPLICATION ROLE IF NOT EXISTS app_public;
CREATE OR ALTER VERSIONED SCHEMA core;
GRANT USAGE ON SCHEMA core TO APPLICATION ROLE app_public;
-- Added by stcodemod: the compute pool and warehouse the app's Streamlit runs on in the container runtime,
-- and PyPI access for its packages, which the consumer approves (app specification pypi_access).
CREATE COMPUTE POOL IF NOT EXISTS ledger_streamlit_pool
  MIN_NODES = 1
  MAX_NODES = 3
  INSTANCE_FAMILY = CPU_X64_S
  AUTO_RESUME = TRUE;
CREATE WAREHOUSE IF NOT EXISTS ledger_query_warehouse
  WAREHOUSE_SIZE = XSMALL
  AUTO_SUSPEND = 60
  AUTO_RESUME = TRUE
  INITIALLY_SUSPENDED = TRUE;
CREATE OR REPLACE NETWORK RULE core.pypi_network_rule
  MODE = EGRESS
  TYPE = HOST_PORT
  VALUE_LIST = ('pypi.org', 'files.pythonhosted.org');
CREATE OR REPLACE EXTERNAL ACCESS INTEGRATION core.pypi_eai
  ALLOWED_NETWORK_RULES = (core.pypi_network_rule)
  ENABLED = TRUE;
ALTER APPLICATION SET SPECIFICATION pypi_access
  TYPE = EXTERNAL_ACCESS
  LABEL = 'PyPI'
  DESCRIPTION = 'Install the Python packages of the app''s Streamlit from PyPI'
  HOST_PORTS = ('pypi.org', 'files.pythonhosted.org');

CREATE OR REPLACE STREAMLIT core.ledger FROM '/streamlit' MAIN_FILE = 'app.py' RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11' COMPUTE_POOL = ledger_streamlit_pool QUERY_WAREHOUSE = ledger_query_warehouse EXTERNAL_ACCESS_INTEGRATIONS = (core.pypi_eai);
GRANT USAGE ON STREAMLIT core.ledger TO APPLICATION ROLE app_public;
