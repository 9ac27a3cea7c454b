PUT file://analyst/analyst.py @apps.public.code/analyst AUTO_COMPRESS = FALSE OVERWRITE = TRUE;
PUT file://analyst/environment.yml @apps.public.code/analyst AUTO_COMPRESS = FALSE OVERWRITE = TRUE;
CREATE OR REPLACE STREAMLIT apps.public.analyst
  FROM '@apps.public.code/analyst'
  MAIN_FILE = 'analyst.py'
  QUERY_WAREHOUSE = analyst_wh;
