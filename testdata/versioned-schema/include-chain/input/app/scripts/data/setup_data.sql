CREATE TABLE app_data.items (id INT, name STRING);
