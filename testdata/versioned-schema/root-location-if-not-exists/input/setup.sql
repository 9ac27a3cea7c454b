CREATE APPLICATION ROLE IF NOT EXISTS app_public;

-- V1 created the dashboard with ROOT_LOCATION; installed apps have it so.
CREATE SCHEMA IF NOT EXISTS ui;
CREATE STREAMLIT IF NOT EXISTS ui.dashboard
  ROOT_LOCATION = '/streamlit'
  MAIN_FILE = '/streamlit_app.py';
GRANT USAGE ON SCHEMA ui TO APPLICATION ROLE app_public;
GRANT USAGE ON STREAMLIT ui.dashboard TO APPLICATION ROLE app_public;
CREATE FUNCTION IF NOT EXISTS ui.twice(x INT) RETURNS INT AS 'x * 2';

-- In a versioned schema each version creates its own: IF NOT EXISTS is fine there.
CREATE OR ALTER VERSIONED SCHEMA admin;
CREATE STREAMLIT IF NOT EXISTS admin.console FROM '/admin' MAIN_FILE = 'console.py';
