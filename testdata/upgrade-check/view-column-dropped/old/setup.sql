CREATE APPLICATION ROLE IF NOT EXISTS app_public;

-- A normal schema: its views are replaced in place on upgrade.
CREATE SCHEMA IF NOT EXISTS core;
CREATE TABLE IF NOT EXISTS core.orders (id NUMBER, customer STRING, amount NUMBER(10,2), region STRING);
GRANT USAGE ON SCHEMA core TO APPLICATION ROLE app_public;

CREATE OR REPLACE SECURE VIEW core.orders_v AS
  SELECT id, customer, amount, region FROM core.orders;
GRANT SELECT ON VIEW core.orders_v TO APPLICATION ROLE app_public;

-- Read only by the app's own code.
CREATE OR REPLACE VIEW core.totals_v AS
  SELECT customer, SUM(amount) AS total, COUNT(*) AS orders FROM core.orders GROUP BY customer;

-- Not compared: * names no column.
CREATE OR REPLACE VIEW core.everything_v AS SELECT * FROM core.orders;

-- A versioned schema: each version reads its own view.
CREATE OR ALTER VERSIONED SCHEMA api;
CREATE OR REPLACE VIEW api.orders_v AS SELECT id, amount FROM core.orders;
