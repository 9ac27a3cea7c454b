-- migration.sql: the SQL that moves the app to the container runtime, in order.
-- Written by stcodemod with MIGRATION.md; every run that changes the app writes it again.
-- Replace each <PLACEHOLDER> first. Run it as a role that may create compute pools and
-- integrations (ACCOUNTADMIN, or a role granted CREATE COMPUTE POOL and CREATE INTEGRATION).

-- 1. A compute pool for the app, and its owner's right to use it. Skip the CREATE to use a pool you have.
CREATE COMPUTE POOL IF NOT EXISTS REPORTING_POOL
  MIN_NODES = 1
  MAX_NODES = 1
  INSTANCE_FAMILY = CPU_X64_XS;
GRANT USAGE ON COMPUTE POOL REPORTING_POOL TO ROLE <APP_OWNER_ROLE>;

-- 2. A package index for dashboards/requirements.txt: PyPI through an external access integration.
CREATE EXTERNAL ACCESS INTEGRATION IF NOT EXISTS PYPI_ACCESS_INTEGRATION
  ALLOWED_NETWORK_RULES = (snowflake.external_access.pypi_rule)
  ENABLED = TRUE;
GRANT USAGE ON INTEGRATION PYPI_ACCESS_INTEGRATION TO ROLE <APP_OWNER_ROLE>;
-- Snowflake also offers its PyPI artifact repository instead of the integration:
--   GRANT DATABASE ROLE SNOWFLAKE.PYPI_REPOSITORY_USER TO ROLE <APP_OWNER_ROLE>;
--   then add ARTIFACT_REPOSITORIES = (snowflake.snowpark.pypi_shared_repository) to the ALTER in step 5.

-- 3. Secrets: none found in secrets.toml.

-- 4. Apps created with ROOT_LOCATION run only on the warehouse runtime and must be re-created with FROM.
--    CREATE OR REPLACE drops the app's grants: note them first (SHOW GRANTS ON STREAMLIT <name>;) and grant them again.
--    Check each app: DESCRIBE STREAMLIT shows a root_location column only for those. If it does:
--    DESCRIBE STREAMLIT analytics.apps.sales_dashboard;
--    CREATE OR REPLACE STREAMLIT analytics.apps.sales_dashboard
--      FROM '<root_location from DESCRIBE>'
--      MAIN_FILE = 'streamlit_app.py'
--      QUERY_WAREHOUSE = reporting_wh;

-- 4b. SQL from the manual steps in MIGRATION.md.
-- Manual step 1 (dashboards/requirements.txt, deps/package-source):
-- Option A (recommended): Snowflake's shared PyPI artifact repository
GRANT DATABASE ROLE SNOWFLAKE.PYPI_REPOSITORY_USER TO ROLE <app_owner_role>;
ALTER STREAMLIT sales_dashboard SET
  ARTIFACT_REPOSITORIES = (snowflake.snowpark.pypi_shared_repository);

-- Option B: an external access integration to PyPI (needs the CREATE INTEGRATION privilege)
CREATE EXTERNAL ACCESS INTEGRATION pypi_access_integration
  ALLOWED_NETWORK_RULES = (snowflake.external_access.pypi_rule)
  ENABLED = TRUE;
GRANT USAGE ON INTEGRATION pypi_access_integration TO ROLE <app_owner_role>;
-- SET replaces the list: also name any integration the app already uses.
ALTER STREAMLIT sales_dashboard SET
  EXTERNAL_ACCESS_INTEGRATIONS = (pypi_access_integration);

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
