CREATE APPLICATION ROLE IF NOT EXISTS app_public;
-- Patch 1 makes the script re-runnable: the state it leaves is the same.
CREATE SCHEMA IF NOT EXISTS state;
CREATE TABLE IF NOT EXISTS state.settings (k STRING, v VARIANT);
CREATE OR ALTER VERSIONED SCHEMA core;
GRANT USAGE ON SCHEMA core TO APPLICATION ROLE app_public;
