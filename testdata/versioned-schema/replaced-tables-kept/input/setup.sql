CREATE SCHEMA IF NOT EXISTS ref;
CREATE OR REPLACE TABLE ref.countries (code STRING, name STRING);
INSERT INTO ref.countries VALUES ('FR', 'France'), ('DE', 'Germany');
CREATE OR REPLACE TABLE ref.top_countries AS SELECT * FROM ref.countries WHERE code = 'FR';
CREATE OR REPLACE TABLE ref.user_notes (note STRING);
