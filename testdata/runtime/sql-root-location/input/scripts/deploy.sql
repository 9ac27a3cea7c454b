-- Deploys the dashboard (legacy ROOT_LOCATION form).
USE SCHEMA analytics.apps;

CREATE OR REPLACE STREAMLIT analytics.apps.dashboard
  ROOT_LOCATION = '@analytics.apps.app_stage/dashboard'
  MAIN_FILE = '/streamlit_app.py'
  QUERY_WAREHOUSE = reporting_wh
  IMPORTS = ('@analytics.apps.libs/helpers.zip')
  COMMENT = 'ROOT_LOCATION = ''@x'' in a string is not a property';

ALTER STREAMLIT analytics.apps.dashboard SET TITLE = 'Dashboard ❄️';
