CREATE APPLICATION ROLE IF NOT EXISTS app_public;
CREATE OR ALTER VERSIONED SCHEMA core;
GRANT USAGE ON SCHEMA core TO APPLICATION ROLE app_public;
-- The Streamlit is created by a script body, which stcodemod does not edit.
EXECUTE IMMEDIATE $$
BEGIN
  CREATE OR REPLACE STREAMLIT core.dashboard FROM '/streamlit' MAIN_FILE = 'streamlit_app.py';
  GRANT USAGE ON STREAMLIT core.dashboard TO APPLICATION ROLE app_public;
END;
$$;
