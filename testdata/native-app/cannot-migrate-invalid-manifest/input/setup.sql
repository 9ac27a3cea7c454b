CREATE APPLICATION ROLE IF NOT EXISTS app_public;
CREATE OR ALTER VERSIONED SCHEMA app_schema;
GRANT USAGE ON SCHEMA app_schema TO APPLICATION ROLE app_public;
CREATE OR REPLACE STREAMLIT app_schema.governance
  FROM '/streamlit'
  MAIN_FILE = 'streamlit_app.py';
GRANT USAGE ON STREAMLIT app_schema.governance TO APPLICATION ROLE app_public;
