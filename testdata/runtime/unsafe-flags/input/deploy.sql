CREATE STREAMLIT shop
  FROM '@apps.code/shop'
  MAIN_FILE = 'streamlit_app.py'
  QUERY_WAREHOUSE = wh;
