-- Setup script for the Sales insights app.
-- Runs on every install and every upgrade.

CREATE APPLICATION ROLE IF NOT EXISTS app_public;
CREATE APPLICATION ROLE IF NOT EXISTS app_admin;
GRANT APPLICATION ROLE app_public TO APPLICATION ROLE app_admin;

-- State: consumer configuration and history.
CREATE SCHEMA IF NOT EXISTS "State";
CREATE TABLE IF NOT EXISTS "State".config (
    config_key   STRING NOT NULL,   -- e.g. 'region'; "quoted" in docs
    config_value VARIANT,
    modified_on  TIMESTAMP_NTZ
);
CREATE TABLE IF NOT EXISTS "State"."Run History" (run_id NUMBER AUTOINCREMENT, started_at TIMESTAMP_LTZ);
ALTER TABLE "State".config ADD COLUMN IF NOT EXISTS modified_by STRING;
GRANT USAGE ON SCHEMA "State" TO APPLICATION ROLE app_admin;

-- Code: procedures and the dashboard.
CREATE SCHEMA IF NOT EXISTS core;
GRANT USAGE ON SCHEMA core TO APPLICATION ROLE app_public;

CREATE OR REPLACE PROCEDURE core.set_config(key STRING, value VARIANT)
  RETURNS STRING
  LANGUAGE SQL
  EXECUTE AS OWNER
AS
$$
BEGIN
  MERGE INTO "State".config c USING (SELECT :key AS k) s ON c.config_key = s.k
    WHEN MATCHED THEN UPDATE SET config_value = :value, modified_on = CURRENT_TIMESTAMP()
    WHEN NOT MATCHED THEN INSERT (config_key, config_value) VALUES (:key, :value);
  RETURN 'it''s set; thanks';
END;
$$;
GRANT USAGE ON PROCEDURE core.set_config(STRING, VARIANT) TO APPLICATION ROLE app_admin;

EXECUTE IMMEDIATE FROM './procs.sql';

CREATE SCHEMA IF NOT EXISTS ui;
CREATE OR REPLACE STREAMLIT ui.dashboard
  FROM '/streamlit'
  MAIN_FILE = '/streamlit_app.py';
GRANT USAGE ON SCHEMA ui TO APPLICATION ROLE app_public;
GRANT USAGE ON STREAMLIT ui.dashboard TO APPLICATION ROLE app_public;
