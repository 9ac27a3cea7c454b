-- This is the setup script that runs while installing a Snowflake Native App in a consumer account.

-- 1. Create application roles
CREATE APPLICATION ROLE IF NOT EXISTS app_public;

-- 2. Create a versioned schema to hold those UDFs/Stored Procedures
CREATE OR ALTER VERSIONED SCHEMA core;
GRANT USAGE ON SCHEMA core TO APPLICATION ROLE app_public;

-- 3. Create UDFs and Stored Procedures using the python code you wrote in src/module-add, as shown below.
CREATE OR REPLACE FUNCTION core.add(x NUMBER, y NUMBER)
  RETURNS NUMBER
  LANGUAGE PYTHON
  RUNTIME_VERSION=3.11
  PACKAGES=('snowflake-snowpark-python')
  IMPORTS=('/module-add/add.py')
  HANDLER='add.add_fn';

CREATE OR REPLACE PROCEDURE core.update_reference(ref_name STRING, operation STRING, ref_or_alias STRING)
  RETURNS STRING
  LANGUAGE SQL
  AS $$
BEGIN
  CASE (operation)
    WHEN 'ADD' THEN
      SELECT SYSTEM$SET_REFERENCE(:ref_name, :ref_or_alias);
    WHEN 'REMOVE' THEN
      SELECT SYSTEM$REMOVE_REFERENCE(:ref_name, :ref_or_alias);
    WHEN 'CLEAR' THEN
      SELECT SYSTEM$REMOVE_ALL_REFERENCES(:ref_name);
    ELSE
      RETURN 'unknown operation: ' || operation;
  END CASE;
  RETURN NULL;
END;
$$;

-- 4. Grant appropriate privileges over these objects to your application roles.
GRANT USAGE ON FUNCTION core.add(NUMBER, NUMBER) TO APPLICATION ROLE app_public;
GRANT USAGE ON PROCEDURE core.update_reference(STRING, STRING, STRING) TO APPLICATION ROLE app_public;

-- Added by stcodemod: the compute pool and warehouse the app's Streamlit runs on in the container runtime,
-- and PyPI access for its packages, which the consumer approves (app specification pypi_access).
CREATE COMPUTE POOL IF NOT EXISTS orders_streamlit_pool
  MIN_NODES = 1
  MAX_NODES = 3
  INSTANCE_FAMILY = CPU_X64_S
  AUTO_RESUME = TRUE;
CREATE WAREHOUSE IF NOT EXISTS orders_query_warehouse
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

-- 5. Create a streamlit object using the code you wrote in src/module-ui, as shown below.
-- The `from` value is derived from the stage path described in snowflake.yml
CREATE OR REPLACE STREAMLIT core.ui
     FROM '/streamlit/'
     MAIN_FILE = 'ui.py'
     RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'
     COMPUTE_POOL = orders_streamlit_pool
     QUERY_WAREHOUSE = orders_query_warehouse
     EXTERNAL_ACCESS_INTEGRATIONS = (core.pypi_eai);

-- 6. Grant appropriate privileges over these objects to your application roles.
GRANT USAGE ON STREAMLIT core.ui TO APPLICATION ROLE app_public;
