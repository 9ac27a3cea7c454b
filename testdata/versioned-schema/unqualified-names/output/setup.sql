CREATE SCHEMA IF NOT EXISTS state;
-- CREATE SCHEMA does not make "state" current in a setup script:
CREATE TABLE settings (k STRING, v STRING);

USE SCHEMA state;
CREATE TABLE IF NOT EXISTS history (at TIMESTAMP);
