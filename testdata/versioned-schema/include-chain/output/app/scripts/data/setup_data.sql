CREATE TABLE IF NOT EXISTS app_data.items (id INT, name STRING);
