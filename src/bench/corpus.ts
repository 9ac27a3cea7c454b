/**
 * A synthetic monorepo of warehouse-runtime Streamlit apps, generated deterministically from a
 * seed: the same seed and size always give the same bytes. Each app has an entry file, pages,
 * helpers and plain modules (most files in a real repository need no migration), plus its
 * environment.yml, snowflake.yml and .streamlit/config.toml; every tenth app is a Native App
 * with a manifest and setup scripts. Together the files exercise every transform.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seededRandom } from '../seeded-random';

export interface CorpusOptions {
  pythonFiles: number;
  seed: number;
}

export interface CorpusSummary {
  files: number;
  pythonFiles: number;
  bytes: number;
}

type Random = () => number;

const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const between = (rand: Random, low: number, high: number) => low + Math.floor(rand() * (high - low + 1));

const TABLES = ['ORDERS', 'CUSTOMERS', 'INVENTORY', 'SHIPMENTS', 'RETURNS', 'CAMPAIGNS', 'INVOICES', 'SUPPLIERS'];
const COLUMNS = ['REGION', 'AMOUNT', 'QUANTITY', 'ORDER_DATE', 'STATUS', 'SKU', 'CHANNEL', 'SEGMENT'];
const WORDS = ['revenue', 'margin', 'volume', 'backlog', 'forecast', 'churn', 'coverage', 'latency', 'yield'];

/** A plain data-processing function: no Snowflake, no Streamlit (the bulk of a real repo). */
function plainFunction(rand: Random, index: number): string[] {
  const word = pick(rand, WORDS);
  const column = pick(rand, COLUMNS).toLowerCase();
  return [
    `def compute_${word}_${index}(frame, window=${between(rand, 3, 30)}):`,
    `    """Rolling ${word} per ${column}, ignoring incomplete periods."""`,
    `    frame = frame.copy()`,
    `    frame["${word}"] = frame["${column}"].rolling(window, min_periods=1).mean()`,
    `    totals = {}`,
    `    for key, group in frame.groupby("${column}"):`,
    `        totals[key] = round(float(group["${word}"].sum()), ${between(rand, 1, 4)})`,
    `    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)`,
    `    return ranked[: ${between(rand, 5, 20)}]`,
    '',
    '',
  ];
}

function readFunction(rand: Random, index: number): string[] {
  const table = pick(rand, TABLES);
  const column = pick(rand, COLUMNS);
  return [
    `def load_${table.toLowerCase()}_${index}(session, limit=${between(rand, 10, 500)}):`,
    `    query = f"SELECT ${column}, COUNT(*) AS N FROM ANALYTICS.${table} GROUP BY ${column} LIMIT {limit}"`,
    '    return session.sql(query).to_pandas()',
    '',
    '',
  ];
}

function pythonModule(rand: Random, kind: 'entry' | 'page' | 'helper' | 'plain', targetLines: number): string {
  const lines: string[] = [];
  if (kind === 'plain') {
    lines.push('"""Data preparation helpers."""', 'import math', 'from collections import defaultdict', '', '');
  } else {
    lines.push(`"""${pick(rand, WORDS)} dashboard ❄️ — ${kind}."""`, 'import pandas as pd', 'import streamlit as st');
    lines.push('from snowflake.snowpark.context import get_active_session', '');
    if (kind === 'helper') lines.push('import _snowflake', '');
    lines.push('CACHE = {}', '', '');
  }
  if (kind === 'entry') {
    lines.push('session = get_active_session()', 'st.set_page_config(layout="wide")', `st.title("Données ${pick(rand, WORDS)} 📊")`, '');
    lines.push('if st.button("Refresh"):', '    st.experimental_rerun()', '');
    lines.push('params = st.experimental_get_query_params()', 'region = params.get("region", ["EU"])[0]', '', '');
  }
  if (kind === 'helper') {
    lines.push('def api_key():', '    return _snowflake.get_generic_secret_string("partner_api")', '', '');
    lines.push('def remember(key, value):', '    CACHE[key] = value', '', '');
  }
  let index = 0;
  while (lines.length < targetLines) {
    index++;
    if (kind !== 'plain' && index % 4 === 1) lines.push(...readFunction(rand, index));
    else lines.push(...plainFunction(rand, index));
  }
  if (kind === 'page') {
    lines.push('frame = load_orders_1(get_active_session()) if "load_orders_1" in globals() else pd.DataFrame()');
    lines.push('st.dataframe(frame, use_container_width=True)', '');
  }
  return lines.join('\n');
}

function environmentYml(rand: Random, name: string): string {
  return [
    `name: ${name}`,
    'channels:',
    '  - snowflake',
    'dependencies:',
    `  - python=3.${pick(rand, [9, 10, 11])}`,
    `  - streamlit=${pick(rand, ['1.22.0', '1.26.0', '1.31.1', '1.35.0'])}`,
    '  - snowflake-snowpark-python',
    '  - pandas=2.*',
    `  - plotly=5.${between(rand, 10, 20)}.0`,
    '  - pyyaml',
    '',
  ].join('\n');
}

function snowflakeYml(name: string): string {
  return [
    'definition_version: 2',
    'entities:',
    `  ${name}:`,
    '    type: streamlit',
    `    identifier: { name: ${name.toUpperCase()} }`,
    '    query_warehouse: COMPUTE_WH  # code and queries run here today',
    '    main_file: streamlit_app.py',
    '    pages_dir: pages',
    '    artifacts:',
    '      - streamlit_app.py',
    '      - environment.yml',
    '      - pages/',
    '',
  ].join('\n');
}

const CONFIG_TOML = [
  '# Theme follows the style guide.',
  '[theme]',
  'primaryColor = "#29B5E8"',
  '',
  '[snowflake.sleep]',
  'streamlitSleepTimeoutMinutes = 30',
  '',
].join('\n');

const MANIFEST_YML = [
  'manifest_version: 1',
  'version:',
  '  name: v1',
  'artifacts:',
  '  setup_script: scripts/setup.sql',
  '  default_streamlit: ui.dashboard',
  '',
].join('\n');

const SETUP_SQL = [
  'CREATE APPLICATION ROLE IF NOT EXISTS app_public;',
  'CREATE SCHEMA IF NOT EXISTS ui;',
  'CREATE OR REPLACE TABLE ui.settings (k STRING, v STRING);',
  "CREATE OR REPLACE STREAMLIT ui.dashboard FROM '/streamlit' MAIN_FILE = '/streamlit_app.py';",
  'CREATE OR REPLACE PROCEDURE ui.hello() RETURNS STRING LANGUAGE SQL AS $$ BEGIN RETURN \'hi; there\'; END; $$;',
  'GRANT USAGE ON SCHEMA ui TO APPLICATION ROLE app_public;',
  '',
].join('\n');

/** Writes the corpus into `root` (which must be empty or absent). */
export function generateCorpus(root: string, options: CorpusOptions): CorpusSummary {
  const rand = seededRandom(options.seed);
  const summary: CorpusSummary = { files: 0, pythonFiles: 0, bytes: 0 };
  const write = (relative: string, content: string) => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    summary.files++;
    summary.bytes += Buffer.byteLength(content);
    if (relative.endsWith('.py')) summary.pythonFiles++;
  };
  for (let app = 0; summary.pythonFiles < options.pythonFiles; app++) {
    const name = `app_${String(app).padStart(4, '0')}`;
    const folder = `apps/${name}`;
    const kinds: Array<['entry' | 'page' | 'helper' | 'plain', string]> = [
      ['entry', 'streamlit_app.py'],
      ['page', 'pages/1_Overview.py'],
      ['page', 'pages/2_Details.py'],
      ['helper', 'common/queries.py'],
    ];
    for (let plain = 0; plain < 6; plain++) kinds.push(['plain', `common/prep_${plain}.py`]);
    for (const [kind, file] of kinds) {
      if (summary.pythonFiles >= options.pythonFiles) break;
      write(`${folder}/${file}`, pythonModule(rand, kind, between(rand, 100, 300)));
    }
    write(`${folder}/environment.yml`, environmentYml(rand, name));
    write(`${folder}/snowflake.yml`, snowflakeYml(name));
    write(`${folder}/.streamlit/config.toml`, CONFIG_TOML);
    if (app % 10 === 0) {
      write(`${folder}/native/manifest.yml`, MANIFEST_YML);
      write(`${folder}/native/scripts/setup.sql`, SETUP_SQL);
    }
  }
  return summary;
}
