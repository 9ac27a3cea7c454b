CREATE FUNCTION app_code.twice(x INT) RETURNS INT AS 'x * 2';
