CREATE OR REPLACE PROCEDURE refresh()
RETURNS STRING
LANGUAGE SQL
AS
$$
BEGIN
  CREATE STREAMLIT inside_body ROOT_LOCATION = '@s/x' MAIN_FILE = 'a.py';
  RETURN 'ok';
END;
$$;

/* The app itself: CREATE STREAMLIT in a comment is not a statement. */
CREATE STREAMLIT IF NOT EXISTS sales_app FROM '@sales_stage/app' MAIN_FILE = 'app.py' QUERY_WAREHOUSE = wh;

CREATE OR REPLACE STREAMLIT admin_app
    FROM @admin_stage
    MAIN_FILE = 'admin.py'
    RUNTIME_NAME = 'SYSTEM$WAREHOUSE_RUNTIME';
GRANT USAGE ON STREAMLIT admin_app TO ROLE analyst;

EXECUTE IMMEDIATE $$
BEGIN
  ALTER STREAMLIT sales_app SET QUERY_WAREHOUSE = other_wh;
END;
$$;
