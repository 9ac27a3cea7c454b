SET app_name = 'SALES_APP';
PUT file://app/streamlit_app.py @apps overwrite=true auto_compress=false;
PUT file://app/environment.yml @apps overwrite=true auto_compress=false;
CREATE STREAMLIT IF NOT EXISTS IDENTIFIER($app_name) ROOT_LOCATION = '@apps' MAIN_FILE = '/streamlit_app.py';
