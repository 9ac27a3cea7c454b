CREATE STREAMLIT IF NOT EXISTS apps.public.sales
  FROM '@apps.public.code/sales'
  MAIN_FILE = 'sales_app.py'
  QUERY_WAREHOUSE = sales_wh;
