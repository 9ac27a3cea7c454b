import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { looksLikeSecretKey, maskSecrets } from './secret-mask';

test('a URL keeps its host and path, never its user information', () => {
  assert.is(maskSecrets('--index-url https://user:pass@pypi.example.com/simple'), '--index-url https://***@pypi.example.com/simple');
  assert.is(maskSecrets('git+https://ghp_abc123@github.com/org/repo@v1'), 'git+https://***@github.com/org/repo@v1');
  assert.is(maskSecrets('https://user:pa/ss@host/x'), 'https://***@host/x');
  assert.is(maskSecrets('git+https://github.com/org/repo@v1.0#egg=x'), 'git+https://github.com/org/repo@v1.0#egg=x');
  assert.is(maskSecrets('git+https://host:8443/org/repo.git@v1'), 'git+https://host:8443/org/repo.git@v1');
  assert.is(maskSecrets('https://conda.anaconda.org/t/tk-123-456/private'), 'https://conda.anaconda.org/t/***/private');
  assert.is(maskSecrets('https://x.blob.core.windows.net/c?sv=1&sig=abc%3D&se=2'), 'https://x.blob.core.windows.net/c?sv=1&sig=***&se=2');
  assert.is(maskSecrets('a // b, x = y // 2'), 'a // b, x = y // 2');
});

test('SQL literals of secret properties are masked, line breaks and placeholders kept', () => {
  assert.is(maskSecrets("CREATE SECRET s TYPE = PASSWORD USERNAME = 'bob' PASSWORD = 'it''s';"),
    "CREATE SECRET s TYPE = PASSWORD USERNAME = 'bob' PASSWORD = '***';");
  assert.is(maskSecrets("SECRET_STRING = '-----BEGIN\nabc\n-----END'"), "SECRET_STRING = '***\n***\n***'");
  assert.is(maskSecrets('oauth_refresh_token=$$tok$$, TOKEN => \'t\''), 'oauth_refresh_token=$$***$$, TOKEN => \'***\'');
  assert.is(maskSecrets("PASSWORD = '<value of db.password in .streamlit/secrets.toml>'"),
    "PASSWORD = '<value of db.password in .streamlit/secrets.toml>'");
  assert.is(maskSecrets("OAUTH_TOKEN_ENDPOINT = 'https://x/token' TYPE = PASSWORD"), "OAUTH_TOKEN_ENDPOINT = 'https://x/token' TYPE = PASSWORD");
});

test('in YAML and TOML files the values of secret-named keys are masked', () => {
  const yaml = [
    'env:',
    '  DB_PASSWORD: hunter2  # rotate',
    '  API_TOKEN: "abc\\"def"',
    '  WAREHOUSE: wh',
    '  private_key: |',
    '    -----BEGIN',
    '    abc',
    '  next: 1',
    'flow: { user: bob, secret: s3, n: 1 }',
    'secrets: [db.sch.api_key]',
    'token_url: https://x/token',
    '',
  ].join('\n');
  assert.is(maskSecrets(yaml, 'snowflake.yml'), [
    'env:',
    '  DB_PASSWORD: ***  # rotate',
    '  API_TOKEN: "***"',
    '  WAREHOUSE: wh',
    '  private_key: |',
    '    ***',
    '    ***',
    '  next: 1',
    'flow: { user: bob, secret: ***, n: 1 }',
    'secrets: [db.sch.api_key]',
    'token_url: https://x/token',
    '',
  ].join('\n'));
  assert.is(maskSecrets('[server]\r\ncookieSecret = "abc"\r\nport = 8501\r\nkey = """\r\nx\r\n"""\r\n', 'config.toml'),
    '[server]\r\ncookieSecret = "***"\r\nport = 8501\r\nkey = """\r\nx\r\n"""\r\n');
  assert.is(maskSecrets('api_key = """\nx\ny"""\n', 'a.toml'), 'api_key = """\n***\n***"""\n');
  // Other files only get the URL and SQL rules: Python code keeps its names.
  assert.is(maskSecrets('password = st.secrets["db_password"]\n', 'app.py'), 'password = st.secrets["db_password"]\n');
});

test('masking is idempotent and keeps the number of lines', () => {
  const text = "a: https://u:p@h/x\npassword: x\nPASSWORD = 'a\nb'\n";
  const once = maskSecrets(text, 'x.yml');
  assert.is(maskSecrets(once, 'x.yml'), once);
  assert.is(once.split('\n').length, text.split('\n').length);
});

test('secret-looking key names', () => {
  for (const name of ['DB_PASSWORD', 'apiKey', 'cookieSecret', 'SNOWFLAKE_TOKEN', 'aws_secret_access_key', 'private_key', 'pwd']) {
    assert.ok(looksLikeSecretKey(name), name);
  }
  for (const name of ['author', 'authenticator', 'secret_name', 'token_url', 'private_key_path', 'secrets', 'bypass', 'key', 'WAREHOUSE']) {
    assert.not.ok(looksLikeSecretKey(name), name);
  }
});

test.run();
