-- Python helpers, run from setup.sql.
create or replace function core.normalize(s string)
  returns string
  language python
  runtime_version = '3.11'
  handler = 'normalize'
as $$
def normalize(s):
    # a ';' and a quote ' inside the body must not split the statement
    return s.strip().lower() + ";"
$$;

create view core.latest_config as
  select config_key, config_value from "State".config;
