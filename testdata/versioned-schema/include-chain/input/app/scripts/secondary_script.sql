CREATE SCHEMA app_code;
CREATE SCHEMA app_data;
