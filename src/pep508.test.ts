import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isNotOnPypi } from '../transforms/deps/names';
import { canonicalName, formatRequirement, parseRequirement, Requirement, requirementKey } from './pep508';
import { readTree, TESTDATA } from './testing/helpers';
import { pep508Errors } from './testing/pep508';

const VALID = [
  'numpy',
  'numpy==1.26.4',
  'pandas>=1.5,<3',
  'pandas >= 1.5 , < 3',
  'requests (>=2.31)',
  'pydantic[email,dotenv]==1.10.10',
  'Pillow~=10.2',
  'torch==2.1.*',
  'scipy!=1.11.*',
  'weird===1.1.1t',
  'tzdata; sys_platform == "win32"',
  'contextvars; python_version < "3.7"',
  'uvloop; (sys_platform != "win32") and (implementation_name == "cpython")',
  'x; "linux" in sys_platform',
  'x; platform_machine not in "arm64 aarch64"',
  'mylib @ git+https://github.com/example/mylib.git@v1.2',
  'wheel-pkg @ https://example.com/wheel_pkg-1.0-py3-none-any.whl ; python_version >= "3.8"',
  'ruamel.yaml>=0.17',
  'zope.interface',
  'a_b-c.d',
];

const INVALID = [
  '',
  '-e .',
  '--hash=sha256:abc',
  'numpy=1.2',
  'numpy>=1.3.*',
  'numpy==',
  'numpy[',
  'numpy; os == "linux"',
  'numpy; python_version <',
  'x @ not a url',
  'x @ https://example.com/x.whl; python_version > "3"',
  '_private',
  'numpy>=1 and <2',
];

test('parses what Python parses and refuses what it refuses', () => {
  for (const line of VALID) assert.type(parseRequirement(line), 'object', line);
  for (const line of INVALID) assert.type(parseRequirement(line), 'string', line);
  assert.equal(pep508Errors(VALID), []);
  assert.is(pep508Errors(INVALID).length, INVALID.length, 'python3 also rejects every invalid line');
});

test('splits a requirement into its parts', () => {
  assert.equal(parseRequirement('pydantic[email, dotenv] >= 1.10 , < 2 ; python_version < "3.12"'), {
    name: 'pydantic',
    extras: ['email', 'dotenv'],
    specifier: '>=1.10,<2',
    marker: 'python_version < "3.12"',
  });
  assert.equal(parseRequirement('mylib @ git+https://h/r.git@v1#subdirectory=pkg'), {
    name: 'mylib', extras: [], specifier: '', url: 'git+https://h/r.git@v1#subdirectory=pkg',
  });
});

test('formats back to one valid line', () => {
  const lines = VALID.map((line) => formatRequirement(parseRequirement(line) as Requirement));
  assert.equal(pep508Errors(lines), []);
  assert.is(formatRequirement(parseRequirement('pandas >= 1.5 , < 3') as Requirement), 'pandas>=1.5,<3');
});

test('compares names and requirements as pip does', () => {
  assert.is(canonicalName('Typing_Extensions'), 'typing-extensions');
  assert.is(canonicalName('ruamel.yaml'), 'ruamel-yaml');
  const key = (line: string) => requirementKey(parseRequirement(line) as Requirement);
  assert.is(key('Pandas>=1,<2'), key('pandas<2,>=1'));
  assert.is.not(key('pandas>=1'), key('pandas>=2'));
  assert.is.not(key('pandas'), key('pandas[excel]'));
});

test('every requirements.txt of every testdata output is PEP 508, and installable from PyPI or a URL', () => {
  const lines: string[] = [];
  for (const transform of fs.readdirSync(TESTDATA)) {
    const cases = path.join(TESTDATA, transform);
    for (const name of fs.statSync(cases).isDirectory() ? fs.readdirSync(cases) : []) {
      const output = path.join(cases, name, 'output');
      if (!fs.existsSync(output)) continue;
      for (const [file, bytes] of readTree(output)) {
        if (path.posix.basename(file) !== 'requirements.txt') continue;
        for (const raw of bytes.toString('utf8').replace(/^\ufeff/, '').split(/\r\n|\n|\r/)) {
          const line = raw.replace(/(^|\s)#.*$/, '').trim();
          if (line === '') continue;
          const where = `${transform}/${name}/${file}: \`${line}\``;
          const requirement = parseRequirement(line);
          assert.type(requirement, 'object', where);
          if (typeof requirement === 'object') assert.ok(requirement.url !== undefined || !isNotOnPypi(requirement.name), `${where} is not on PyPI`);
          lines.push(line);
        }
      }
    }
  }
  assert.ok(lines.length > 80, `${lines.length} lines`);
  assert.equal(pep508Errors(lines), []);
});

test.run();
