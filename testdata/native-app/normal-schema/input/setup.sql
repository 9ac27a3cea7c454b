-- Streamlit in a normal schema, as released versions created it.
CREATE SCHEMA IF NOT EXISTS app_code;
CREATE APPLICATION ROLE IF NOT EXISTS viewer;
GRANT USAGE ON SCHEMA app_code TO APPLICATION ROLE viewer;
CREATE STREAMLIT IF NOT EXISTS app_code.viewer ROOT_LOCATION = '/ui' MAIN_FILE = '/viewer.py' IMPORTS = ('/lib/helpers.py');
GRANT USAGE ON STREAMLIT app_code.viewer TO APPLICATION ROLE viewer;
