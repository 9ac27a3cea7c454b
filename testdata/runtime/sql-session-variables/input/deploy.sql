SET app_name = 'ORDERS_APP';
SET wh = 'ORDERS_WH';
PUT file://app.py @db.sc.stage AUTO_COMPRESS = FALSE OVERWRITE = TRUE;
CREATE OR REPLACE STREAMLIT IDENTIFIER($app_name)
  ROOT_LOCATION = '@db.sc.stage'
  MAIN_FILE = '/app.py'
  QUERY_WAREHOUSE = $wh;
