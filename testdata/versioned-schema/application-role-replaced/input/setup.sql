-- Consumers grant app_public to their own roles; OR REPLACE takes that away on every upgrade.
create or replace application role app_public comment = 'people who use the app';
CREATE OR REPLACE APPLICATION ROLE IF NOT EXISTS app_admin;

CREATE OR ALTER VERSIONED SCHEMA core;
GRANT USAGE ON SCHEMA core TO APPLICATION ROLE app_public;
GRANT APPLICATION ROLE app_public TO APPLICATION ROLE app_admin;
