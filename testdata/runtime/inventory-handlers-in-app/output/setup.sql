CREATE OR REPLACE FUNCTION read_token()
  RETURNS STRING
  LANGUAGE PYTHON
  RUNTIME_VERSION = '3.11'
  HANDLER = 'secret_udf.read_token'
  IMPORTS = ('@code_stage/secret_udf.py')
  EXTERNAL_ACCESS_INTEGRATIONS = (api_eai)
  SECRETS = ('api_token' = api_token);

CREATE OR REPLACE PROCEDURE refresh()
  RETURNS TABLE()
  LANGUAGE PYTHON
  RUNTIME_VERSION = '3.11'
  PACKAGES = ('snowflake-snowpark-python')
  HANDLER = 'refresh_proc.main'
  IMPORTS = ('@code_stage/refresh_proc.py', '@code_stage/proc_helpers.py');
