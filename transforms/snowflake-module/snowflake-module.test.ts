import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { migrate } from '../../src/cli';
import { RunResult } from '../../src/report';
import { folderWith } from '../../src/testing/helpers';
import { testPython } from '../../src/testing/python-venv';
import { snowflakeModule } from '.';
import { mentionsModule } from './analysis';
import { sqlString } from '../../src/sql';
import { helperModuleText, PROCEDURE_KINDS, procedureFileText } from './generated';

async function run(root: string, annotate = false): Promise<RunResult> {
  return migrate(root, undefined, [snowflakeModule], { annotate, flags: {} }, 'write');
}

function read(root: string, name: string): string {
  return fs.readFileSync(path.join(root, name), 'utf8');
}

function python(script: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const helper = suite('snowflake-module: the generated helper module');

helper('outside the container runtime, importing it fails with an ImportError that says why', () => {
  const root = folderWith({ 'snowflake_api.py': helperModuleText('snowflake_api') });
  try {
    const result = python([
      'import sys',
      `sys.path.insert(0, ${JSON.stringify(root)})`,
      'try:',
      '    import snowflake_api',
      'except ImportError as error:',
      '    print(error)',
    ].join('\n'));
    assert.is(result.status, 0, result.stderr);
    assert.match(result.stdout, /works only on the container runtime.*\/snowflake\/session\/token/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

helper('sends the request with the current token and returns the dict _snowflake returned', () => {
  const root = folderWith({ 'snowflake_api.py': helperModuleText('snowflake_api') });
  const tokenFile = path.join(root, 'token');
  fs.writeFileSync(tokenFile, 'token-1\n');
  // The container is simulated: the token path is redirected to a temporary file and `requests`
  // is replaced by a recorder whose response is UTF-8 server-sent events without a charset.
  const script = `
import builtins, json, os, sys, types
folder, token_file = sys.argv[1], sys.argv[2]
real_isfile, real_open = os.path.isfile, builtins.open
os.path.isfile = lambda p: True if p == "/snowflake/session/token" else real_isfile(p)
builtins.open = lambda p, *a, **k: real_open(token_file if p == "/snowflake/session/token" else p, *a, **k)
os.environ["SNOWFLAKE_HOST"] = "acme.snowflakecomputing.com"
calls = []
class Response:
    status_code, reason, encoding = 200, "OK", None
    headers = {"Content-Type": "text/event-stream"}
    @property
    def text(self):
        return "event: response\\ndata: {\\"text\\": \\"\u00e9t\u00e9 \u2744\\"}".encode("utf-8").decode(self.encoding or "ISO-8859-1")
requests = types.ModuleType("requests")
requests.request = lambda method, url, **kw: calls.append([method, url, kw]) or Response()
sys.modules["requests"] = requests
sys.path.insert(0, folder)
import snowflake_api
first = snowflake_api.send_snow_api_request(
    "POST", "/api/v2/cortex/analyst/message", {"Accept": "application/json"}, {}, {"messages": []}, None, 50000)
real_open(token_file, "w").write("token-2")
snowflake_api.send_snow_api_request("GET", "api/v2/cortex/threads", None, {"limit": 5}, None, "guid", None)
print(json.dumps({"first": first, "calls": calls}))
`;
  try {
    const result = python(script, root, tokenFile);
    assert.is(result.status, 0, result.stderr);
    const { first, calls } = JSON.parse(result.stdout);
    assert.equal(first, {
      status: 200,
      content: '[{"event": "response", "data": {"text": "été ❄"}}]',
      reason: 'OK',
      raw_content: 'event: response\ndata: {"text": "été ❄"}',
    });
    assert.equal(calls[0], ['POST', 'https://acme.snowflakecomputing.com/api/v2/cortex/analyst/message', {
      headers: { Accept: 'application/json', Authorization: 'Bearer token-1', 'X-Snowflake-Authorization-Token-Type': 'OAUTH' },
      params: null,
      timeout: 50,
      json: { messages: [] },
    }]);
    assert.equal(calls[1], ['GET', 'https://acme.snowflakecomputing.com/api/v2/cortex/threads', {
      headers: { Authorization: 'Bearer token-2', 'X-Snowflake-Authorization-Token-Type': 'OAUTH' },
      params: { limit: 5 },
      timeout: null,
    }]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

helper('answers as _snowflake did, from a real HTTP server: events as a JSON array, JSON as it came', () => {
  // A body recorded in the shape Cortex Agents streams (runtime facts, section 9), with CRLF
  // line breaks, a comment, a data field over two lines, non-ASCII text and a final non-JSON event.
  const sse = [
    ': keep-alive', '',
    'event: message.delta', 'data: {"id":"msg_1","delta":{"content":[{"index":0,"type":"text","text":"Bonjour, "}]}}', '',
    'event: message.delta', 'data: {"id":"msg_1","delta":{"content":[{"index":0,"type":"text","text":"été ❄"}]}}', '',
    'event: status', 'data: {"status":', 'data: "done"}', '',
    'data: plain text, no event name', '',
    'event: done', 'data: [DONE]', '', '',
  ].join('\r\n');
  const json = '{"message": {"role": "analyst", "content": [{"type": "text", "text": "42 ❄"}]}}';
  const root = folderWith({ 'snowflake_api.py': helperModuleText('snowflake_api'), 'events.txt': sse, 'answer.json': json });
  const script = `
import http.server, json, os, sys, threading
from unittest import mock
folder = sys.argv[1]
bodies = {
    "/api/v2/databases/db/schemas/s/agents/support:run": ("text/event-stream", open(os.path.join(folder, "events.txt"), "rb").read()),
    "/api/v2/cortex/analyst/message": ("application/json", open(os.path.join(folder, "answer.json"), "rb").read()),
}
seen = []
class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        path, _, query = self.path.partition("?")
        seen.append([self.headers["Authorization"], query])
        content_type, body = bodies[path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
os.environ["SNOWFLAKE_HOST"] = f"127.0.0.1:{server.server_address[1]}"
token = os.path.join(folder, "token")
open(token, "w").write("token-1")
sys.path.insert(0, folder)
# The container's token file exists only there; the test server speaks plain HTTP.
with mock.patch("os.path.isfile", return_value=True):
    import snowflake_api
snowflake_api.TOKEN_FILE = token
import requests
real_request = requests.request
requests.request = lambda method, url, **kw: real_request(method, url.replace("https://", "http://", 1), **kw)
agent = snowflake_api.send_snow_api_request(
    "POST", "/api/v2/databases/db/schemas/s/agents/support:run", {}, {"stream": True}, {"messages": []}, None, 30000)
analyst = snowflake_api.send_snow_api_request("POST", "/api/v2/cortex/analyst/message", {}, {}, {"messages": []}, None, 30000)
server.shutdown()
print(json.dumps({"agent": agent, "analyst": analyst, "seen": seen}))
`;
  try {
    const result = spawnSync(testPython(), ['-c', script, root], { encoding: 'utf8', timeout: 60_000 });
    assert.is(result.status, 0, result.stderr);
    const { agent, analyst, seen } = JSON.parse(result.stdout);
    assert.equal(seen, [['Bearer token-1', 'stream=True'], ['Bearer token-1', '']]);
    // What _snowflake returned for a stream, and what the apps read with json.loads(resp["content"]).
    assert.equal(JSON.parse(agent.content), [
      { event: 'message.delta', data: { id: 'msg_1', delta: { content: [{ index: 0, type: 'text', text: 'Bonjour, ' }] } } },
      { event: 'message.delta', data: { id: 'msg_1', delta: { content: [{ index: 0, type: 'text', text: 'été ❄' }] } } },
      { event: 'status', data: { status: 'done' } },
      { event: 'message', data: 'plain text, no event name' },
      { event: 'done', data: '[DONE]' },
    ]);
    assert.equal([agent.status, agent.reason, agent.raw_content], [200, 'OK', sse]);
    assert.equal(analyst, { status: 200, content: json, reason: 'OK', raw_content: json });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

helper.run();

const sql = suite('snowflake-module: the generated SQL');

sql('every procedure handler is valid Python and secret names are SQL-quoted', () => {
  const needs = PROCEDURE_KINDS.map((kind) => ({ kind, secretNames: new Set(["it's"]), computedNames: true }));
  const text = procedureFileText('MY_APP', needs);
  assert.ok(text.includes(`${sqlString("it's")} = <IT_S_SECRET>`));
  assert.ok(text.includes("'it''s'"));
  assert.ok(text.includes("'<SECRET_NAME>' = <SECRET_NAME_SECRET>"));
  const handlers = [...text.matchAll(/\$\$\n([\s\S]*?)\$\$;/g)].map((match) => match[1]);
  assert.is(handlers.length, PROCEDURE_KINDS.length);
  for (const handler of handlers) {
    const result = python('import sys; compile(sys.argv[1], "handler", "exec")', handler);
    assert.is(result.status, 0, result.stderr);
  }
});

sql.run();

const project = suite('snowflake-module: apps, generated files and re-runs');

const API_CALL = 'import _snowflake\nresp = _snowflake.send_snow_api_request("GET", "/api/v2/x", {}, {}, None, None, 1000)\n';

project('a user file already named snowflake_api.py is never taken over', async () => {
  const root = folderWith({
    'streamlit_app.py': API_CALL,
    'snowflake_api.py': 'def helper():\n    return 1\n',
  });
  try {
    await run(root);
    assert.is(read(root, 'snowflake_api.py'), 'def helper():\n    return 1\n');
    assert.ok(read(root, 'snowflake_api_2.py').includes('def send_snow_api_request('));
    assert.ok(read(root, 'streamlit_app.py').startsWith('import snowflake_api_2\nresp = snowflake_api_2.send_snow_api_request('));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

project('a helper that the code imports but that is gone is written again by the next run', async () => {
  const root = folderWith({ 'streamlit_app.py': API_CALL });
  try {
    await run(root);
    const written = read(root, 'snowflake_api.py');
    fs.rmSync(path.join(root, 'snowflake_api.py'));
    const rerun = await run(root);
    assert.is(read(root, 'snowflake_api.py'), written);
    assert.ok(rerun.findings.some((finding) => finding.code === 'snowflake-module/helper-restored'));
    assert.equal((await run(root)).changes, [], 'a third run changes nothing');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

project('the helper goes next to the entry file named in snowflake.yml', async () => {
  const root = folderWith({
    'snowflake.yml': 'definition_version: 2\nentities:\n  app:\n    type: streamlit\n    identifier: APP\n    main_file: app/main.py\n',
    'app/main.py': 'import streamlit as st\n',
    'app/pages/search.py': API_CALL,
  });
  try {
    const result = await run(root);
    assert.ok(fs.existsSync(path.join(root, 'app/snowflake_api.py')));
    assert.not.ok(fs.existsSync(path.join(root, 'snowflake_api.py')));
    assert.not.ok(result.findings.some((finding) => finding.code === 'snowflake-module/helper-location'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

project('without a known entry file the helper goes to the app root, with a warning', async () => {
  const root = folderWith({ 'tools/report.py': `import streamlit as st\n${API_CALL}` });
  try {
    const result = await run(root);
    assert.ok(fs.existsSync(path.join(root, 'snowflake_api.py')));
    const warning = result.findings.find((finding) => finding.code === 'snowflake-module/helper-location');
    assert.is(warning?.kind, 'warning');
    assert.is(warning?.path, 'snowflake_api.py');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

project('an earlier SQL file that lacks a secret is kept as it is and the missing SQL is a manual step', async () => {
  const earlier = procedureFileText('<app_name>', [
    { kind: PROCEDURE_KINDS[0], secretNames: new Set(['first']), computedNames: false },
  ]).replace('<integration>', 'MY_EAI');
  const root = folderWith({
    'streamlit_app.py': 'import _snowflake\ntoken = _snowflake.get_oauth_access_token("second")\n',
    'stcodemod_secret_procedures.sql': earlier,
  });
  try {
    const result = await run(root);
    assert.is(read(root, 'stcodemod_secret_procedures.sql'), earlier);
    const step = result.findings.find((finding) => finding.code === 'snowflake-module/update-secret-procedures');
    assert.ok(step?.snippet?.includes("SECRETS = ('second' = <SECOND_SECRET>)"));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

project('each import is decided in its own scope', async () => {
  const root = folderWith({
    'streamlit_app.py': [
      'import _snowflake',
      'import streamlit as st',
      '',
      '',
      'def key():',
      '    import _snowflake',
      '',
      '    return _snowflake.get_generic_secret_string("k")',
      '',
      '',
      'def ask():',
      '    return _snowflake.send_snow_api_request("GET", "/api/v2/x", {}, {}, None, None, 1000)',
      '',
    ].join('\n'),
  });
  try {
    await run(root);
    assert.is(read(root, 'streamlit_app.py'), [
      'import snowflake_api',
      'import streamlit as st',
      '',
      '',
      'def key():',
      '    return st.secrets["k"]',
      '',
      '',
      'def ask():',
      '    return snowflake_api.send_snow_api_request("GET", "/api/v2/x", {}, {}, None, None, 1000)',
      '',
    ].join('\n'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

project('a call nested in another is rewritten inside out, over two passes', async () => {
  const source = 'import _snowflake\nx = _snowflake.get_generic_secret_string(_snowflake.get_secret_type("a"))\n';
  const root = folderWith({ 'streamlit_app.py': source });
  try {
    const result = await run(root);
    assert.is(read(root, 'streamlit_app.py'), 'from snowflake.snowpark.context import get_active_session\nimport streamlit as st\n\n'
      + 'x = st.secrets[get_active_session().call("STCODEMOD_GET_SECRET_TYPE", "a")]\n');
    assert.not.ok(result.findings.some((finding) => finding.code === 'snowflake-module/unknown-use'));
    assert.not.ok(result.findings.some((finding) => finding.kind === 'error'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

project('--annotate marks the uses left to the user, once', async () => {
  const root = folderWith({ 'streamlit_app.py': 'import _snowflake\n_snowflake.vectorized(input=list)\n' });
  try {
    await run(root, true);
    await run(root, true);
    const text = read(root, 'streamlit_app.py');
    assert.is(text.match(/# TODO\(stcodemod\): _snowflake\.vectorized has no container-runtime replacement/g)?.length, 1);
    assert.ok(text.includes('import _snowflake\n'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

project('no secret value is ever copied: only the names given to _snowflake', async () => {
  const root = folderWith({
    'streamlit_app.py': 'import _snowflake\nFALLBACK = "sk-live-123"\nkey = _snowflake.get_generic_secret_string("api") or FALLBACK\n',
  });
  try {
    const result = await run(root);
    const reported = JSON.stringify(result.findings);
    assert.not.ok(reported.includes('sk-live-123'));
    assert.ok(reported.includes("'api'"));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

project('a file that mentions _snowflake only inside longer names is left alone; one that uses it is not', async () => {
  const root = folderWith({
    'streamlit_app.py': 'def get_snowflake_session():\n    return my_snowflake_client\n',
    'pages/keys.py': 'import get_snowflake_session\nimport _snowflake\nKEY = _snowflake.get_generic_secret_string("k")\n',
  });
  try {
    const result = await run(root);
    assert.is(read(root, 'streamlit_app.py'), 'def get_snowflake_session():\n    return my_snowflake_client\n');
    assert.is(read(root, 'pages/keys.py'), 'import get_snowflake_session\nimport streamlit as st\n\nKEY = st.secrets["k"]\n');
    assert.not.ok(result.findings.some((finding) => finding.path === 'streamlit_app.py'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

project.run();

const prefilter = suite('snowflake-module: which texts are analysed');

prefilter('every way the analysis can find _snowflake counts as a mention', () => {
  for (const text of [
    'import _snowflake', 'import _snowflake as sf', 'from _snowflake import get_username_password',
    'x = _snowflake.get_generic_secret_string("k")', 'if _snowflake:', '(_snowflake)', 'f(_snowflake)',
    'importlib.import_module("_snowflake")', "__import__('_snowflake')", 'import os, _snowflake', '_snowflake\n',
    'x=1;_snowflake=None', 'import \\\n_snowflake', '# _snowflake', 'x = é_snowflake',
  ]) {
    assert.ok(mentionsModule(text), text);
  }
});

prefilter('_snowflake inside a longer identifier is not a mention', () => {
  for (const text of ['def get_snowflake_session():', 'my_snowflake = 1', 'x.__snowflake', '_snowflake_api', '_snowflake2', 'x = get_snowflake']) {
    assert.not.ok(mentionsModule(text), text);
  }
});

prefilter.run();
