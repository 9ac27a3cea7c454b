import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { REPOSITORY } from '../../src/testing/helpers';
import { testPython } from '../../src/testing/python-venv';
import { API_TABLE_FILE, missingName, parseApiTable } from './api-table';

const table = suite('streamlit-api: the table of Streamlit\'s API');
const SCRIPT = path.join(REPOSITORY, 'scripts', 'streamlit-api-table.py');

table('its lines are the ones its header counts and checksums (an edited table fails here)', () => {
  const { table: parsed, header, actualSha256 } = parseApiTable(fs.readFileSync(API_TABLE_FILE, 'utf8'));
  assert.ok(header, 'the table has its header line');
  const names = [...parsed.modules.values()].reduce((sum, names) => sum + (names?.size ?? 0), 0);
  assert.equal([parsed.modules.size, names, actualSha256], [header!.modules, header!.names, header!.sha256],
    `${API_TABLE_FILE} was edited by hand: regenerate it with .venv-test/bin/python scripts/streamlit-api-table.py`);
});

table('it is what the script writes from the Streamlit wheel on this machine', () => {
  const python = testPython();
  const result = spawnSync(python, [SCRIPT], { cwd: REPOSITORY, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.is(result.status, 0, result.stderr);
  const committed = fs.readFileSync(API_TABLE_FILE, 'utf8');
  if (result.stdout === committed) return;
  const version = (text: string) => parseApiTable(text).table.version;
  assert.unreachable(`data/streamlit-api/names.txt (Streamlit ${version(committed)}) is not what the script writes from `
    + `the installed Streamlit ${version(result.stdout)}: regenerate it with `
    + '.venv-test/bin/python scripts/streamlit-api-table.py > data/streamlit-api/names.txt and review the diff');
});

table('a fixture of names it must have, and of removed names it must lack', () => {
  const { table: parsed } = parseApiTable(fs.readFileSync(API_TABLE_FILE, 'utf8'));
  for (const name of ['streamlit.rerun', 'streamlit.query_params', 'streamlit.cache_data', 'streamlit.connection',
    'streamlit.column_config.TextColumn', 'streamlit.components.v1.html', 'streamlit.runtime.scriptrunner.get_script_run_ctx',
    'streamlit.elements.lib.utils.to_key', 'streamlit.sidebar.button', 'streamlit.source_util']) {
    assert.is(missingName(parsed, name), undefined, name);
  }
  assert.equal(missingName(parsed, 'streamlit.bokeh_chart'), { module: 'streamlit', name: 'bokeh_chart' });
  assert.equal(missingName(parsed, 'streamlit.source_util.get_pages'), { module: 'streamlit.source_util', name: 'get_pages' });
  assert.equal(missingName(parsed, 'streamlit.util.calc_md5'), { module: 'streamlit.util', name: 'calc_md5' });
  assert.equal(missingName(parsed, 'streamlit.legacy_caching.clear_cache'), { module: 'streamlit', name: 'legacy_caching' });
  assert.is(missingName(parsed, 'pandas.read_csv'), undefined);
});

table('a removed entry is caught', () => {
  const text = fs.readFileSync(API_TABLE_FILE, 'utf8');
  const edited = text.replace(/^(streamlit: .*?) rerun /m, '$1 ');
  assert.is.not(edited, text);
  const { header, actualSha256 } = parseApiTable(edited);
  assert.is.not(actualSha256, header!.sha256);
});

table.run();
