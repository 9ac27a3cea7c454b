CREATE SCHEMA analytics;
CREATE OR REPLACE TABLE analytics.t (a INT);
