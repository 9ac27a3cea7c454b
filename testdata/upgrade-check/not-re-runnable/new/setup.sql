CREATE APPLICATION ROLE app_public;

-- State: kept across upgrades.
CREATE SCHEMA IF NOT EXISTS state;
CREATE TABLE IF NOT EXISTS state.orders (
  id       NUMBER(38,0),
  customer STRING,
  amount   NUMBER(10,2)
);
CREATE TABLE state.settings (k STRING, v VARIANT);

-- Code: one copy per version.
CREATE OR ALTER VERSIONED SCHEMA core;
CREATE OR REPLACE PROCEDURE core.total()
  RETURNS NUMBER
  LANGUAGE SQL
  AS $$ SELECT SUM(amount) FROM state.orders $$;
GRANT USAGE ON SCHEMA core TO APPLICATION ROLE app_public;
GRANT USAGE ON PROCEDURE core.total() TO APPLICATION ROLE app_public;

-- A handler that raises the error again does not make the ALTER re-runnable.
EXECUTE IMMEDIATE $$
BEGIN
  ALTER TABLE state.orders ADD COLUMN region STRING;
EXCEPTION
  WHEN OTHER THEN
    RAISE;
END;
$$;
