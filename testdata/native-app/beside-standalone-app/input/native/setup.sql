-- The role is re-created on every upgrade: versioned-schema reports it, with SQL for the setup script.
CREATE OR REPLACE APPLICATION ROLE app_public;
CREATE OR ALTER VERSIONED SCHEMA core;
GRANT USAGE ON SCHEMA core TO APPLICATION ROLE app_public;
CREATE OR REPLACE STREAMLIT core.ui FROM '/streamlit' MAIN_FILE = 'ui.py';
GRANT USAGE ON STREAMLIT core.ui TO APPLICATION ROLE app_public;
