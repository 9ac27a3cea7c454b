-- migration.sql: the SQL that moves the app to the container runtime, in order.
-- Written by stcodemod with MIGRATION.md; every run that changes the app writes it again.
-- Replace each placeholder first: <APP_OWNER_ROLE>.
-- Run it as a role that may create compute pools and integrations (ACCOUNTADMIN, or a role
-- granted CREATE COMPUTE POOL and CREATE INTEGRATION). The SQL of the manual steps in MIGRATION.md
-- is not repeated here: it is folded into the steps below where it sets the app.

-- 1. A compute pool for the app, and its owner's right to use it. Skip the CREATE to use a pool you have.
CREATE COMPUTE POOL IF NOT EXISTS REPORTING_POOL
  MIN_NODES = 1
  MAX_NODES = 1
  INSTANCE_FAMILY = CPU_X64_XS;
GRANT USAGE ON COMPUTE POOL REPORTING_POOL TO ROLE <APP_OWNER_ROLE>;

-- 2. A package source for dashboards/requirements.txt: PyPI through an external access integration.
CREATE EXTERNAL ACCESS INTEGRATION IF NOT EXISTS PYPI_ACCESS_INTEGRATION
  ALLOWED_NETWORK_RULES = (snowflake.external_access.pypi_rule)
  ENABLED = TRUE;
GRANT USAGE ON INTEGRATION PYPI_ACCESS_INTEGRATION TO ROLE <APP_OWNER_ROLE>;
-- Or (--package-source artifact-repository):
--   GRANT DATABASE ROLE SNOWFLAKE.PYPI_REPOSITORY_USER TO ROLE <APP_OWNER_ROLE>;
--   and in the ALTER STREAMLIT below: ARTIFACT_REPOSITORIES = (snowflake.snowpark.pypi_shared_repository) instead of PYPI_ACCESS_INTEGRATION

-- 3. Secrets: none found in secrets.toml or read by the code.

-- 4. Apps created with ROOT_LOCATION run only on the warehouse runtime and must be re-created with FROM.
--    CREATE OR REPLACE drops the app's grants: note them first (SHOW GRANTS ON STREAMLIT <name>;) and grant them again.
--    Check each app: DESCRIBE STREAMLIT shows a root_location column only for those. If it does:
--    DESCRIBE STREAMLIT analytics.apps.sales_dashboard;
--    CREATE OR REPLACE STREAMLIT analytics.apps.sales_dashboard
--      FROM '<root_location from DESCRIBE>'
--      MAIN_FILE = 'streamlit_app.py'
--      QUERY_WAREHOUSE = reporting_wh;

-- 5. Switch each app, once its migrated files are uploaded (`snow streamlit deploy --replace`, or
--    Snowsight). The app takes a few minutes to build its container.
-- SET replaces the whole list: DESCRIBE STREAMLIT analytics.apps.sales_dashboard shows the integrations it has; keep them here.
ALTER STREAMLIT analytics.apps.sales_dashboard SET
  RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'
  COMPUTE_POOL = REPORTING_POOL
  QUERY_WAREHOUSE = reporting_wh
  EXTERNAL_ACCESS_INTEGRATIONS = (PYPI_ACCESS_INTEGRATION);

-- 6. Make the last uploaded version live (Snowflake says so if it already is).
ALTER STREAMLIT analytics.apps.sales_dashboard ADD LIVE VERSION FROM LAST;
