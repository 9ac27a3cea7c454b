-- The app's tables: PRODUCTS is a table, so a read of it cannot hide a write to another table.
CREATE TABLE IF NOT EXISTS app_db.public.products (sku VARCHAR, name VARCHAR);
CREATE TABLE IF NOT EXISTS app_db.public.restock_requests (sku VARCHAR);
