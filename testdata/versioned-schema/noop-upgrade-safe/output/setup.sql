CREATE APPLICATION ROLE IF NOT EXISTS app_public;

CREATE OR ALTER VERSIONED SCHEMA core;
GRANT USAGE ON SCHEMA core TO APPLICATION ROLE app_public;

CREATE OR REPLACE PROCEDURE core.py_echo_proc(str STRING)
  RETURNS STRING
  LANGUAGE PYTHON
  RUNTIME_VERSION = 3.12
  PACKAGES = ('snowflake-snowpark-python')
  HANDLER = 'echo.echo_proc'
  IMPORTS = ('/libraries/echo.py');
GRANT USAGE ON PROCEDURE core.py_echo_proc(STRING) TO APPLICATION ROLE app_public;

CREATE FUNCTION IF NOT EXISTS core.add(x INT, y INT)
  RETURNS INT
  LANGUAGE SQL
  AS $$ x + y $$;

CREATE SCHEMA IF NOT EXISTS stateful_object;
CREATE TABLE IF NOT EXISTS stateful_object.config (
  config_param STRING,
  config_value STRING,
  default_value STRING,
  modified_on  TIMESTAMP);
ALTER TABLE stateful_object.config
  ADD COLUMN IF NOT EXISTS modified_on TIMESTAMP;
