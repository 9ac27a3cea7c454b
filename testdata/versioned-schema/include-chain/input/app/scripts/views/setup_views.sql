CREATE VIEW app_code.items_view AS SELECT * FROM app_data.items;
