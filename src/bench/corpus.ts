/**
 * A synthetic monorepo of warehouse-runtime Streamlit apps, generated deterministically from a
 * seed: the same options always give the same bytes. It is shaped like the real code measured
 * for issue 20 (1,037 public Streamlit-in-Snowflake files): file lengths with a median of 78
 * lines, a 90th percentile of 540, a 99th of 1,850 and the largest at 6,900, so that about a
 * quarter of all lines sit in files of more than 1,000 lines; 2 functions in a median file and
 * 33 at the 99th percentile; 6 Snowflake queries in the 90th-percentile file; almost every file
 * imports Streamlit. Each app has an entry file, most have pages, some have helper modules that
 * the pages import, a few a plain module; the app is declared by a snowflake.yml (version 2 or
 * 1), by a deploy script's CREATE STREAMLIT, or by an environment.yml beside its entry file.
 * Every tenth app also carries a Native App manifest and setup script. The Python code itself
 * comes from src/bench/app-code.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seededRandom } from '../seeded-random';
import { between, FileKind, Loader, pick, pythonFile, Random, THEMES } from './app-code';

export interface CorpusOptions {
  /** Stop after this many Python files. */
  pythonFiles: number;
  seed: number;
  /**
   * Only files of this many lines (inclusive), drawn from the same distribution: the small or the
   * large files alone, spread evenly over `apps` apps of an entry file, a helper module and pages.
   */
  lines?: { min: number; max: number };
  apps?: number;
}

export interface FileShape {
  kind: FileKind;
  lines: number;
  functions: number;
  queries: number;
  importsStreamlit: boolean;
}

export interface CorpusSummary {
  files: number;
  pythonFiles: number;
  pythonLines: number;
  bytes: number;
  /** Each Python file's shape, for checking the corpus against the real distribution. */
  shapes: FileShape[];
}

// ---------------------------------------------------------------------------------------------
// File lengths

const MEDIAN = 78;
const P90 = 540;
const P99 = 1850;
const LARGEST = 6900;
const SHORTEST = 10;
/** The tail above the 90th percentile is a Pareto tail through P90 and P99. */
const TAIL_EXPONENT = Math.log(10) / Math.log(P99 / P90);

/** The length of the file at quantile `u` (0 to 1) of real files. */
export function linesAtQuantile(u: number): number {
  if (u <= 0.5) return SHORTEST * (MEDIAN / SHORTEST) ** (u / 0.5);
  if (u <= 0.9) return MEDIAN * (P90 / MEDIAN) ** ((u - 0.5) / 0.4);
  return Math.min(LARGEST, P90 * ((1 - u) / 0.1) ** (-1 / TAIL_EXPONENT));
}

/** The quantile of a file of `lines` lines: the inverse of linesAtQuantile. */
function quantileOf(lines: number): number {
  let [low, high] = [0, 1];
  for (let step = 0; step < 60; step++) {
    const middle = (low + high) / 2;
    if (linesAtQuantile(middle) < lines) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * Quantiles for the files, in a random order. For the whole distribution they are stratified
 * (one in each of n equal slices), so that even 1,000 files reproduce the tail; for a range of
 * lengths they are drawn within that range.
 */
function quantiles(rand: Random, options: CorpusOptions): () => number {
  if (options.lines) {
    const low = quantileOf(options.lines.min);
    const high = quantileOf(options.lines.max + 1);
    return () => low + rand() * (high - low);
  }
  const count = options.pythonFiles;
  const deck = Array.from({ length: count }, (_, index) => (index + rand()) / count);
  for (let index = count - 1; index > 0; index--) {
    const other = Math.floor(rand() * (index + 1));
    [deck[index], deck[other]] = [deck[other], deck[index]];
  }
  let next = 0;
  return () => deck[next++ % count];
}

// ---------------------------------------------------------------------------------------------
// Apps

const PAGE_NAMES = ['Overview', 'Trends', 'Details', 'Forecast', 'Data_quality', 'Admin', 'Feedback', 'Explorer', 'Targets', 'Alerts'];
const HELPER_FOLDERS = ['utils', 'common', 'lib'];
const HELPER_NAMES = ['queries', 'data', 'charts', 'filters', 'snowflake_helpers'];
const PLAIN_NAMES = ['formatting', 'constants', 'validation'];

type Declaration = 'definition-v2' | 'definition-v1' | 'deploy-script' | 'environment-only';

interface PlannedFile {
  kind: FileKind;
  path: string;
}

interface AppPlan {
  name: string;
  declaration: Declaration;
  mainFile: string;
  files: PlannedFile[];
}

function planApp(rand: Random, index: number): AppPlan {
  const name = `app_${String(index).padStart(4, '0')}`;
  const declaration = pick<Declaration>(rand, ['definition-v2', 'definition-v2', 'definition-v2', 'definition-v2',
    'definition-v1', 'definition-v1', 'deploy-script', 'environment-only', 'environment-only', 'environment-only']);
  // An environment.yml alone finds the app by its streamlit_app.py, or the one file beside it that imports Streamlit.
  const mainFile = declaration === 'environment-only' ? 'streamlit_app.py' : pick(rand, ['streamlit_app.py', 'streamlit_app.py', 'app.py', 'Home.py']);
  const files: PlannedFile[] = [{ kind: 'entry', path: mainFile }];
  const folder = pick(rand, HELPER_FOLDERS);
  const helpers = pick(rand, [0, 0, 0, 1, 1, 1, 2, 3]);
  for (const helper of HELPER_NAMES.slice(0, helpers)) files.push({ kind: 'helper', path: `${folder}/${helper}.py` });
  if (rand() < 0.25) files.push({ kind: 'plain', path: `${folder}/${pick(rand, PLAIN_NAMES)}.py` });
  const pages = pick(rand, [0, 0, 0, 1, 2, 3, 3, 4, 5, 6, 8, 10]);
  for (let page = 0; page < pages; page++) files.push({ kind: 'page', path: `pages/${page + 1}_${PAGE_NAMES[page]}.py` });
  return { name, declaration, mainFile, files };
}

/** An app of a corpus of `apps` apps, with its share of the files: the first apps take the remainder. */
function evenApp(rand: Random, index: number, options: CorpusOptions): AppPlan {
  const apps = options.apps ?? 1;
  const count = Math.floor(options.pythonFiles / apps) + (index < options.pythonFiles % apps ? 1 : 0);
  const app = planApp(rand, index);
  const files: PlannedFile[] = [app.files[0]];
  if (count >= 3) files.push({ kind: 'helper', path: `${pick(rand, HELPER_FOLDERS)}/queries.py` });
  for (let page = 0; files.length < count; page++) {
    const round = Math.floor(page / PAGE_NAMES.length);
    files.push({ kind: 'page', path: `pages/${page + 1}_${PAGE_NAMES[page % PAGE_NAMES.length]}${round ? `_${round + 1}` : ''}.py` });
  }
  return { ...app, files };
}

/** The mean length of the files between `min` and `max` lines (inclusive). */
export function meanLines(min: number, max: number): number {
  const [low, high] = [quantileOf(min), quantileOf(max + 1)];
  const steps = 10000;
  let sum = 0;
  for (let step = 0; step < steps; step++) sum += linesAtQuantile(low + ((step + 0.5) / steps) * (high - low));
  return sum / steps;
}

/** Writes the corpus into `root` (which must be empty or absent). */
export function generateCorpus(root: string, options: CorpusOptions): CorpusSummary {
  const rand = seededRandom(options.seed);
  const nextQuantile = quantiles(rand, options);
  const summary: CorpusSummary = { files: 0, pythonFiles: 0, pythonLines: 0, bytes: 0, shapes: [] };
  const write = (relative: string, content: string) => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    summary.files++;
    summary.bytes += Buffer.byteLength(content);
  };
  for (let index = 0; summary.pythonFiles < options.pythonFiles; index++) {
    const app = options.lines ? evenApp(rand, index, options) : planApp(rand, index);
    const folder = `apps/${app.name}`;
    const theme = pick(rand, THEMES);
    const title = `${theme.title} ${pick(rand, ['dashboard', 'explorer', 'monitor', 'planner', 'review'])}`;
    const room = options.pythonFiles - summary.pythonFiles;
    const files = app.files.slice(0, Math.max(1, room));
    // The longest files of an app are its scripts, as in real apps: helper modules stay short.
    const lengths = files.map(() => Math.round(linesAtQuantile(nextQuantile()))).sort((a, b) => b - a);
    const isScript = (file: PlannedFile) => file.kind === 'page' || file.kind === 'entry';
    const draw = files.map(() => rand());
    const byLength = files.map((_, position) => position)
      .sort((a, b) => Number(isScript(files[b])) - Number(isScript(files[a])) || draw[a] - draw[b]);
    const sizes: number[] = [];
    byLength.forEach((position, rank) => { sizes[position] = lengths[rank]; });
    // Modules first, so that the scripts can import their functions.
    const order = files.map((_, position) => position).sort((a, b) => Number(isScript(files[a])) - Number(isScript(files[b])));
    const imported: Loader[] = [];
    const helperNames = new Set<string>();
    const modules: Array<{ module: string; functions: string[] }> = [];
    const written: string[] = [];
    for (const position of order) {
      const file = files[position];
      const python = pythonFile(rand, { kind: file.kind, lines: sizes[position], theme, imported, helperNames, modules, title: file.kind === 'page' ? `${title}: ${pageTitle(file.path)}` : title });
      if (!isScript(file)) {
        const module = file.path.replace(/\.py$/, '').replace(/\//g, '.');
        imported.push(...python.loaders.map((loader) => ({ ...loader, module })));
        modules.push({ module, functions: python.definitions });
      }
      write(`${folder}/${file.path}`, python.text);
      written.push(file.path);
      summary.pythonFiles++;
      summary.pythonLines += python.lines;
      summary.shapes.push({ kind: file.kind, lines: python.lines, functions: python.functions, queries: python.queries, importsStreamlit: python.importsStreamlit });
    }
    writeDeclaration(write, rand, app, folder, written);
    write(`${folder}/environment.yml`, environmentYml(rand, app.name));
    if (rand() < 0.5) write(`${folder}/.streamlit/config.toml`, CONFIG_TOML);
    if (index % 10 === 0) {
      write(`${folder}/native/manifest.yml`, MANIFEST_YML);
      write(`${folder}/native/scripts/setup.sql`, SETUP_SQL);
    }
  }
  return summary;
}

function pageTitle(file: string): string {
  return path.posix.basename(file, '.py').replace(/^\d+_/, '').replace(/_/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// How each app is declared, and its other files

function writeDeclaration(write: (relative: string, content: string) => void, rand: Random, app: AppPlan, folder: string, files: string[]): void {
  const pages = files.some((file) => file.startsWith('pages/'));
  const helperFolders = [...new Set(files.filter((file) => file.includes('/') && !file.startsWith('pages/')).map((file) => file.split('/')[0]))];
  const warehouse = pick(rand, ['COMPUTE_WH', 'ANALYTICS_WH', 'REPORTING_XS']);
  if (app.declaration === 'definition-v2') {
    write(`${folder}/snowflake.yml`, [
      'definition_version: 2',
      'entities:',
      `  ${app.name}:`,
      '    type: streamlit',
      `    identifier: { name: ${app.name.toUpperCase()} }`,
      `    query_warehouse: ${warehouse}  # code and queries run here today`,
      `    main_file: ${app.mainFile}`,
      ...(pages ? ['    pages_dir: pages'] : []),
      '    artifacts:',
      `      - ${app.mainFile}`,
      '      - environment.yml',
      ...(pages ? ['      - pages/'] : []),
      ...helperFolders.map((helper) => `      - ${helper}/`),
      '',
    ].join('\n'));
  } else if (app.declaration === 'definition-v1') {
    const extra = files.filter((file) => file !== app.mainFile && !file.startsWith('pages/'));
    write(`${folder}/snowflake.yml`, [
      'definition_version: 1',
      'streamlit:',
      `  name: ${app.name}`,
      '  stage: streamlit',
      `  query_warehouse: ${warehouse}`,
      `  main_file: ${app.mainFile}`,
      '  env_file: environment.yml',
      ...(pages ? ['  pages_dir: pages'] : []),
      ...(extra.length ? ['  additional_source_files:', ...extra.map((file) => `    - ${file}`)] : []),
      '',
    ].join('\n'));
  } else if (app.declaration === 'deploy-script') {
    const stage = `@APPS.PUBLIC.CODE/${app.name}`;
    const puts = [...files, 'environment.yml'].map((file) => {
      const subfolder = path.posix.dirname(file);
      return `PUT file://${file} ${stage}${subfolder === '.' ? '' : `/${subfolder}`} AUTO_COMPRESS = FALSE OVERWRITE = TRUE;`;
    });
    write(`${folder}/deploy.sql`, [
      `-- Upload ${app.name} and create it.`,
      ...puts,
      `CREATE STREAMLIT IF NOT EXISTS APPS.PUBLIC.${app.name.toUpperCase()}`,
      `  FROM '${stage}'`,
      `  MAIN_FILE = '${app.mainFile}'`,
      `  QUERY_WAREHOUSE = ${warehouse};`,
      '',
    ].join('\n'));
  }
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
    ...(rand() < 0.5 ? ['  - altair'] : []),
    `  - plotly=5.${between(rand, 10, 20)}.0`,
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

// ---------------------------------------------------------------------------------------------
// How close the corpus is to real code

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One line comparing the corpus with the real code of issue 20. */
export function describeShape(summary: CorpusSummary): string {
  const shapes = summary.shapes;
  const lines = shapes.map((shape) => shape.lines);
  const inLarge = lines.filter((count) => count > 1000).reduce((sum, count) => sum + count, 0);
  const share = (count: number) => `${Math.round((100 * count) / shapes.length)}%`;
  return `lines per file: median ${percentile(lines, 50)}, p90 ${percentile(lines, 90)}, p99 ${percentile(lines, 99)}, `
    + `largest ${Math.max(...lines)} (real: 78, 540, 1,850, 6,900); `
    + `${Math.round((100 * inLarge) / summary.pythonLines)}% of lines in files over 1,000 lines (real: a quarter); `
    + `functions per file: median ${percentile(shapes.map((shape) => shape.functions), 50)}, p99 ${percentile(shapes.map((shape) => shape.functions), 99)} (real: 2, 33); `
    + `queries: p90 ${percentile(shapes.map((shape) => shape.queries), 90)} (real: 6); `
    + `${share(shapes.filter((shape) => shape.importsStreamlit).length)} import Streamlit; `
    + `${share(shapes.filter((shape) => shape.kind === 'plain').length)} plain modules`;
}
