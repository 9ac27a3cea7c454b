create application role if not exists app_viewer;
create or alter versioned schema ui;
grant usage on schema ui to application role app_viewer;

execute immediate from 'scripts/streamlits.sql';
