SET app_name = 'SALES_APP';
PUT file://app/streamlit_app.py @apps overwrite=true auto_compress=false;
PUT file://app/requirements.txt @apps overwrite=true auto_compress=false;
CREATE STREAMLIT IF NOT EXISTS IDENTIFIER($app_name) FROM '@apps' MAIN_FILE = 'streamlit_app.py' RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11' COMPUTE_POOL = <COMPUTE_POOL> ARTIFACT_REPOSITORIES = (snowflake.snowpark.pypi_shared_repository);
