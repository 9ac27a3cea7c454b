CREATE SCHEMA code;
EXECUTE IMMEDIATE FROM './missing.sql';
EXECUTE IMMEDIATE FROM 'again.sql';
EXECUTE IMMEDIATE FROM @provider_stage/shared.sql;
