CREATE OR REPLACE STREAMLIT logistics.apps.deliveries
  FROM '@logistics.apps.stage/deliveries'
  MAIN_FILE = 'streamlit_app.py'
  EXTERNAL_ACCESS_INTEGRATIONS = (
    maps_api_access
  )
  RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'
  COMPUTE_POOL = <COMPUTE_POOL>
  ARTIFACT_REPOSITORIES = (snowflake.snowpark.pypi_shared_repository);
GRANT USAGE ON STREAMLIT logistics.apps.deliveries TO ROLE dispatcher;

-- Later the script swaps the list: SET replaces it, so maps_api_access no longer applies.
ALTER STREAMLIT logistics.apps.deliveries SET EXTERNAL_ACCESS_INTEGRATIONS = (weather_api_access) RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11' COMPUTE_POOL = <COMPUTE_POOL>;
