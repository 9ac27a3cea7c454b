import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSql } from './sql';
import { droppedIntegrations, integrationKey, integrationSplices, mergeIntegrations } from './streamlit-integrations';

/** The first statement of `text` with the splices that make its list hold `names`. */
function merged(text: string, names: string[]): string {
  const statement = parseSql(text).statements[0];
  let result = text;
  for (const splice of integrationSplices(text, statement, names).sort((a, b) => b.start - a.start)) {
    result = result.slice(0, splice.start) + splice.text + result.slice(splice.end);
  }
  return result;
}

test('integration names compare as Snowflake compares identifiers', () => {
  assert.is(integrationKey('pypi_access'), integrationKey('PYPI_ACCESS'));
  assert.is.not(integrationKey('"pypi"'), integrationKey('pypi'));
  assert.is(integrationKey('core.pypi_eai'), integrationKey('CORE.PYPI_EAI'));
  assert.equal(mergeIntegrations(['a', 'b'], ['B', 'c'], ['"c"']), ['a', 'b', 'c', '"c"']);
});

test('a list gains the missing names in its own layout; a statement without one gets the property', () => {
  assert.is(merged('CREATE STREAMLIT s EXTERNAL_ACCESS_INTEGRATIONS = (a, b) MAIN_FILE = \'x.py\'', ['B', 'pypi']),
    'CREATE STREAMLIT s EXTERNAL_ACCESS_INTEGRATIONS = (a, b, pypi) MAIN_FILE = \'x.py\'');
  assert.is(merged('ALTER STREAMLIT s SET EXTERNAL_ACCESS_INTEGRATIONS = ()', ['pypi']),
    'ALTER STREAMLIT s SET EXTERNAL_ACCESS_INTEGRATIONS = (pypi)');
  assert.is(merged('CREATE STREAMLIT s\n  FROM \'/x\'\n  EXTERNAL_ACCESS_INTEGRATIONS = (\n    a -- maps\n  );', ['pypi']),
    'CREATE STREAMLIT s\n  FROM \'/x\'\n  EXTERNAL_ACCESS_INTEGRATIONS = (\n    a, -- maps\n    pypi\n  );');
  assert.is(merged('CREATE STREAMLIT s\n  EXTERNAL_ACCESS_INTEGRATIONS = (\n    a,\n    b\n  );', ['c', 'd']),
    'CREATE STREAMLIT s\n  EXTERNAL_ACCESS_INTEGRATIONS = (\n    a,\n    b,\n    c,\n    d\n  );');
  assert.is(merged('CREATE STREAMLIT s\n  FROM \'/x\';', ['pypi']),
    'CREATE STREAMLIT s\n  FROM \'/x\'\n  EXTERNAL_ACCESS_INTEGRATIONS = (pypi);');
  assert.is(merged('CREATE STREAMLIT s FROM \'/x\' EXTERNAL_ACCESS_INTEGRATIONS = (PYPI)', ['pypi']),
    'CREATE STREAMLIT s FROM \'/x\' EXTERNAL_ACCESS_INTEGRATIONS = (PYPI)');
});

test('a SET or UNSET that drops what an earlier statement set is found; a CREATE starts over', () => {
  const text = [
    'CREATE STREAMLIT db.s.app FROM \'/x\' EXTERNAL_ACCESS_INTEGRATIONS = (a, b)',
    'ALTER STREAMLIT db.s.app SET TITLE = \'t\'',
    'ALTER STREAMLIT db.s.app SET EXTERNAL_ACCESS_INTEGRATIONS = (B, c)',
    'ALTER STREAMLIT db.s.app UNSET EXTERNAL_ACCESS_INTEGRATIONS',
    'CREATE OR REPLACE STREAMLIT db.s.app FROM \'/x\' EXTERNAL_ACCESS_INTEGRATIONS = (d)',
    'ALTER STREAMLIT db.s.other SET EXTERNAL_ACCESS_INTEGRATIONS = (e)',
  ].join(';\n');
  const statements = parseSql(text).statements.map((statement) => ({ statement, source: text }));
  assert.equal(droppedIntegrations(statements).map((found) => [found.setting.index, found.earlier.index, found.dropped]), [
    [2, 0, ['a']],
    [3, 2, ['B', 'c']],
  ]);
});

test.run();
