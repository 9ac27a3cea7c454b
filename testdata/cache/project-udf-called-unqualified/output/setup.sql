CREATE OR REPLACE SECURE FUNCTION tools.summarize(text STRING)
  RETURNS STRING
  LANGUAGE PYTHON
  RUNTIME_VERSION = '3.11'
  HANDLER = 'summarize'
  EXTERNAL_ACCESS_INTEGRATIONS = (openai_access)
AS $$
def summarize(text):
    return text[:10]
$$;
