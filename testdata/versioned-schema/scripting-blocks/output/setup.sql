CREATE SCHEMA IF NOT EXISTS state;
BEGIN
  CREATE TABLE IF NOT EXISTS state.settings (k STRING, v STRING);
  IF (TRUE) THEN
    ALTER TABLE state.settings ADD COLUMN IF NOT EXISTS note STRING;
  END IF;
END;
EXECUTE IMMEDIATE $$
DECLARE
  n INT DEFAULT 0;
BEGIN
  CREATE TABLE IF NOT EXISTS state.audit (at TIMESTAMP, what STRING);
  RETURN 'done; really';
END;
$$;
-- The handler swallows the error of a second run: re-runnable as written, left alone.
EXECUTE IMMEDIATE $$
BEGIN
  ALTER TABLE state.audit ADD COLUMN who STRING;
  CREATE TABLE state.audit_archive (at TIMESTAMP, what STRING);
EXCEPTION
  WHEN OTHER THEN
    RETURN 'already upgraded';
END;
$$;
-- A procedure body runs later, not during setup: it is not rewritten.
CREATE OR REPLACE PROCEDURE state.reset() RETURNS STRING LANGUAGE SQL AS
BEGIN
  CREATE TABLE state.scratch (x INT);
  RETURN 'ok';
END;
