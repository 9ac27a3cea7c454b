CREATE APPLICATION ROLE IF NOT EXISTS app_public;

-- State: kept across upgrades.
CREATE SCHEMA IF NOT EXISTS state;
CREATE TABLE IF NOT EXISTS state.orders (
  id       NUMBER(38,0),
  customer STRING,
  amount   NUMBER(10,2)
);
CREATE TABLE IF NOT EXISTS state.settings (k STRING, v VARIANT);

-- V2 adds columns. A second run fails on each ALTER, and the handler swallows that error.
EXECUTE IMMEDIATE $$
BEGIN
  ALTER TABLE state.orders ADD COLUMN note STRING;
EXCEPTION
  WHEN OTHER THEN
    RETURN 'state.orders.note exists';
END;
$$;
BEGIN
  ALTER TABLE state.settings ADD COLUMN updated_at TIMESTAMP_NTZ;
  CREATE TABLE state.audit (at TIMESTAMP_NTZ, what STRING);
EXCEPTION
  WHEN STATEMENT_ERROR OR EXPRESSION_ERROR THEN
    LET message := SQLERRM;
END;

-- Code: one copy per version.
CREATE OR ALTER VERSIONED SCHEMA core;
CREATE OR REPLACE PROCEDURE core.total()
  RETURNS NUMBER
  LANGUAGE SQL
  AS $$ SELECT SUM(amount) FROM state.orders $$;
GRANT USAGE ON SCHEMA core TO APPLICATION ROLE app_public;
GRANT USAGE ON PROCEDURE core.total() TO APPLICATION ROLE app_public;
