CREATE STREAMLIT IF NOT EXISTS apps.public.sales
  FROM '@apps.public.code/sales'
  MAIN_FILE = 'streamlit_app.py'
  QUERY_WAREHOUSE = STREAMLITWAREHOUSE;
