-- Upload each app's files, then create it.
PUT file://orders/orders_app.py @apps.public.code/orders AUTO_COMPRESS = FALSE OVERWRITE = TRUE;
PUT 'file://orders/requirements.txt' @apps.public.code/orders AUTO_COMPRESS = FALSE OVERWRITE = TRUE;
CREATE STREAMLIT IF NOT EXISTS apps.public.orders
  FROM '@apps.public.code/orders'
  MAIN_FILE = 'orders_app.py'
  QUERY_WAREHOUSE = WH;

PUT file://status/status_app.py @apps.public.code/status AUTO_COMPRESS = FALSE OVERWRITE = TRUE;
-- PUT file://status/environment.yml @apps.public.code/old;
CREATE STREAMLIT IF NOT EXISTS apps.public.status
  FROM '@apps.public.code/status'
  MAIN_FILE = 'status_app.py'
  QUERY_WAREHOUSE = WH;
