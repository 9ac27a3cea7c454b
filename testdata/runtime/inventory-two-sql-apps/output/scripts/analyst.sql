PUT file://analyst/analyst.py @apps.public.code/analyst AUTO_COMPRESS = FALSE OVERWRITE = TRUE;
PUT file://analyst/snowflake_api.py @apps.public.code/analyst AUTO_COMPRESS = FALSE OVERWRITE = TRUE;
PUT file://analyst/requirements.txt @apps.public.code/analyst AUTO_COMPRESS = FALSE OVERWRITE = TRUE;
CREATE OR REPLACE STREAMLIT apps.public.analyst
  FROM '@apps.public.code/analyst'
  MAIN_FILE = 'analyst.py'
  QUERY_WAREHOUSE = analyst_wh
  RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'
  COMPUTE_POOL = <COMPUTE_POOL>
  ARTIFACT_REPOSITORIES = (snowflake.snowpark.pypi_shared_repository);
