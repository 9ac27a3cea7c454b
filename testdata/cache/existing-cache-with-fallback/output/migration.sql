-- migration.sql: the SQL that moves the app to the container runtime, in order.
-- Written by stcodemod with MIGRATION.md; every run that changes the app writes it again.
-- Replace each placeholder first: <COMPUTE_POOL>, <APP_OWNER_ROLE>, <APP_NAME>, <QUERY_WAREHOUSE>.
-- Run it as a role that may create compute pools and integrations (ACCOUNTADMIN, or a role
-- granted CREATE COMPUTE POOL and CREATE INTEGRATION). The SQL of the manual steps in MIGRATION.md
-- is not repeated here: it is folded into the steps below where it sets the app.

-- 1. A compute pool for the app, and its owner's right to use it. Skip the CREATE to use a pool you have.
CREATE COMPUTE POOL IF NOT EXISTS <COMPUTE_POOL>
  MIN_NODES = 1
  MAX_NODES = 1
  INSTANCE_FAMILY = CPU_X64_XS;
GRANT USAGE ON COMPUTE POOL <COMPUTE_POOL> TO ROLE <APP_OWNER_ROLE>;

-- 2. A package source: not needed (no app asks for packages beyond those of the container image).

-- 3. Secrets: none found in secrets.toml or read by the code.

-- 4. Upload the migrated files to each app's stage now (`snow streamlit deploy --replace`, PUT, or Snowsight):
--    a CREATE ... FROM below copies the stage as it is when it runs. Apps created with ROOT_LOCATION run only on
--    the warehouse runtime and must be re-created with FROM. CREATE OR REPLACE drops the app's grants: note them
--    first (SHOW GRANTS ON STREAMLIT <name>;) and grant them again.
--    Check each app: DESCRIBE STREAMLIT shows a root_location column only for those. If it does:
--    DESCRIBE STREAMLIT <APP_NAME>;
--    CREATE OR REPLACE STREAMLIT <APP_NAME>
--      FROM '<root_location from DESCRIBE>'
--      MAIN_FILE = 'streamlit_app.py'
--      QUERY_WAREHOUSE = <QUERY_WAREHOUSE>;

-- 5. Switch each app (its migrated files are uploaded in step 4). The app takes a few minutes to build its container.
ALTER STREAMLIT <APP_NAME> SET
  RUNTIME_NAME = 'SYSTEM$ST_CONTAINER_RUNTIME_PY3_11'
  COMPUTE_POOL = <COMPUTE_POOL>
  QUERY_WAREHOUSE = <QUERY_WAREHOUSE>;

-- 6. Make the last uploaded version live (Snowflake says so if it already is).
ALTER STREAMLIT <APP_NAME> ADD LIVE VERSION FROM LAST;
