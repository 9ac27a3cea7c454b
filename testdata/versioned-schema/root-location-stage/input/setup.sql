CREATE OR ALTER VERSIONED SCHEMA ui;
CREATE OR REPLACE STREAMLIT ui.main ROOT_LOCATION = '@provider_db.app.stage/streamlit' MAIN_FILE = '/app.py';
