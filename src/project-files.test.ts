import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { artifactCovers } from './snowflake-definition';
import { secretBindings } from './streamlit-secrets';
import { TextEdit } from './text-edit';
import { isValidToml, TomlDocument } from './toml-document';
import { appendToSeq, insertIntoMap, replaceSeqItem, yamlScalar } from './yaml-edit';

const toml = suite('toml-document');

toml('entries carry full paths, dotted keys and table paths included', () => {
  const document = TomlDocument.parse('a = 1\n[t.u]\nb.c = 2 # x\n[[arr]]\nd = 3\n') as TomlDocument;
  assert.equal(document.entries().map((e) => e.path), [['a'], ['t', 'u', 'b', 'c'], ['arr', 0, 'd']]);
  assert.equal(document.tables().map((t) => [t.path, t.kind]), [[['t', 'u'], 'standard'], [['arr', 0], 'array']]);
});

toml('a table span takes its leading comments and ends at the next table lead (CRLF)', () => {
  const text = '[a]\r\nx = 1\r\n\r\n# about b\r\n[b]\r\ny = 2\r\n# about c\r\n[c]\r\n';
  const document = TomlDocument.parse(text) as TomlDocument;
  const [, b] = document.tables();
  const span = document.tableSpan(b);
  assert.is(text.slice(span.start, span.end), '# about b\r\n[b]\r\ny = 2\r\n');
});

toml('parse errors name the line; validation uses a second parser', () => {
  const result = TomlDocument.parse('a = 1\nb = "x\n');
  assert.ok('error' in result && /line 2/.test(result.error));
  assert.not.ok(isValidToml('[a]\n[a]\n'));
});

const yaml = suite('yaml-edit');

function seqOf(text: string, key: string): YAMLSeq {
  return (parseDocument(text).contents as YAMLMap).get(key, true) as unknown as YAMLSeq;
}

yaml('appends to block and flow sequences in their own style', () => {
  const block = 'a:\n  - x  # c\nb: 1\n';
  let edit = new TextEdit(block, '\n');
  appendToSeq(edit, block, seqOf(block, 'a'), ['y']);
  assert.is(edit.toString(), 'a:\n  - x  # c\n  - y\nb: 1\n');
  const flow = 'a: [x, y] # c\n';
  edit = new TextEdit(flow, '\n');
  appendToSeq(edit, flow, seqOf(flow, 'a'), ['z']);
  assert.is(edit.toString(), 'a: [x, y, z] # c\n');
});

yaml('removing the only block item leaves an empty flow sequence', () => {
  const text = 'a:\n  - x\nb: 1\n';
  const seq = seqOf(text, 'a');
  const edit = new TextEdit(text, '\n');
  replaceSeqItem(edit, text, seq, seq.items[0] as never, []);
  assert.equal(parseDocument(edit.toString()).toJS(), { a: [], b: 1 });
});

yaml('inserts keys after a pair at the mapping\'s indentation', () => {
  const text = 'e:\n    k: 1 # one\n    # about m\n    m: 2\n';
  const map = (parseDocument(text).contents as YAMLMap).get("e", true) as unknown as YAMLMap;
  const edit = new TextEdit(text, '\n');
  insertIntoMap(edit, text, map, ['n: 3'], map.items[0] as never);
  assert.is(edit.toString(), 'e:\n    k: 1 # one\n    n: 3\n    # about m\n    m: 2\n');
});

yaml('scalars are quoted only when plain would be read differently', () => {
  assert.is(yamlScalar('pages/app.py'), 'pages/app.py');
  assert.is(yamlScalar('.streamlit/config.toml'), '.streamlit/config.toml');
  assert.is(yamlScalar('yes'), '"yes"');
  assert.is(yamlScalar('a b: c'), '"a b: c"');
});

const definitions = suite('snowflake-definition');

definitions('artifacts cover files by path, folder and glob', () => {
  assert.ok(artifactCovers('.streamlit/', '.streamlit/secrets.toml'));
  assert.ok(artifactCovers('./app.py', 'app.py'));
  assert.ok(artifactCovers('pages/*', 'pages/sub/x.py'));
  assert.ok(artifactCovers('**/*.toml', '.streamlit/secrets.toml'));
  assert.not.ok(artifactCovers('pages', 'pages2/x.py'));
  assert.not.ok(artifactCovers('*.py', '.streamlit/secrets.toml'));
});

const secrets = suite('streamlit-secrets');

secrets('credentials become secrets; Snowflake connections are left to local development', () => {
  const document = TomlDocument.parse([
    'token = "t"', 'title = "x"', '[db]', 'username = "u"', 'password = "p"',
    '[connections.snowflake]', 'account = "a"', 'password = "p"', '[k]', 'pem = """-----BEGIN KEY-----\nz\n-----END KEY-----"""',
  ].join('\n')) as TomlDocument;
  const { inventory, bindings } = secretBindings(document, 'My App');
  assert.equal(inventory.snowflakeConnections.map((c) => c.path), [['connections', 'snowflake']]);
  assert.equal(bindings.map((b) => [b.alias, b.secretName, b.type]), [
    ['token', 'my_app_token', 'GENERIC_STRING'],
    ['db', 'my_app_db', 'PASSWORD'],
    ['k_pem', 'my_app_k_pem', 'GENERIC_STRING'],
  ]);
});

toml.run();
yaml.run();
definitions.run();
secrets.run();
