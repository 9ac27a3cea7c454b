/**
 * # runtime
 *
 * ## What it does
 * - snowflake.yml: converts a definition_version 1 / 1.1 `streamlit:` block to a version 2
 *   entity; gives each streamlit entity `runtime_name: SYSTEM$ST_CONTAINER_RUNTIME_PY3_11` and a
 *   `compute_pool` (`--compute-pool`, or a visible placeholder and a manual step); adds
 *   `external_access_integrations` when the dependency file needs a package index; updates
 *   `artifacts` (the container dependency file and files this run generated in,
 *   environment.yml out once it is replaced).
 * - SQL deploy scripts: `ROOT_LOCATION = '@stage/path'` becomes `FROM '@stage/path'` and each
 *   CREATE STREAMLIT / ALTER STREAMLIT ... SET gets RUNTIME_NAME and COMPUTE_POOL (transforms/runtime/sql.ts).
 *   A Native App's setup scripts, and files bundled into an application package, are no deploy
 *   scripts: the native-app transform moves their Streamlits.
 * - Writes MIGRATION.md and migration.sql at the target's root: Snowflake's migration checklist
 *   with each item's state, every manual step of the run, and the SQL to run in order (the
 *   provider's account-level SQL only: a Native App's part is in MIGRATION.md, native-plan.ts).
 *
 * ## Why
 * The container runtime is chosen by RUNTIME_NAME and COMPUTE_POOL, which Snowflake CLI sets
 * only from a version 2 entity and rejects one without the other (runtime facts, section 6).
 * It installs from requirements.txt or pyproject.toml and needs a package index to do so
 * (section 3).
 *
 * ## Example
 *     query_warehouse: COMPUTE_WH
 * gains
 *     runtime_name: SYSTEM$ST_CONTAINER_RUNTIME_PY3_11
 *     compute_pool: <COMPUTE_POOL>  # stcodemod: ...
 *
 * ## Fix safety
 * Switching the runtime is the point of the migration; placeholders are reported as manual
 * steps and fail loudly if deployed unchanged. An entity already on the container runtime is
 * left as it is.
 */
import * as posix from 'node:path/posix';
import { isMap, isScalar, isSeq, Node, Scalar, YAMLMap } from 'yaml';
import { containerDependencyFile, join } from '../../src/app-layout';
import { inventoryOf, StreamlitApp } from '../../src/inventory';
import { PathIndex } from '../../src/path-index';
import { Project } from '../../src/project';
import {
  Artifact, artifactCovers, artifactsOf, CONTAINER_RUNTIME, entityOf, isTemplated, isVersion2, ProjectDefinition,
  readDefinition, relativeToDefinition, StreamlitEntity,
} from '../../src/snowflake-definition';
import { identifierProblem, isSqlPlaceholder, objectNameProblem } from '../../src/sql';
import { integrationKey } from '../../src/streamlit-integrations';
import { TextEdit } from '../../src/text-edit';
import { Reporter, RunOptions, Transform } from '../../src/transform';
import {
  appendToSeq, insertIntoMap, isFlow, pairOf, replaceScalar, replaceSeqItem, scalarValue, seqValue, yamlScalar,
} from '../../src/yaml-edit';
import { needsPackageIndex } from './packages';
import { packageSourceOf, PACKAGE_SOURCES, packageSourceSetting, PYPI_INTEGRATION } from '../../src/package-source';
import { isGeneratedPlan } from '../../src/plan-files';
import { APP_NAME, COMPUTE_POOL, DATABASE, QUERY_WAREHOUSE, SCHEMA } from '../../src/placeholders';
import { writePlan } from './plan';
import { migrateSqlFile } from './sql';
import { convertToVersion2 } from './v1-to-v2';

const DEFINITION_FILE = /(^|\/)snowflake\.ya?ml$/;

export const runtime: Transform = {
  name: 'runtime',
  summary: 'Switch snowflake.yml to the container runtime and write MIGRATION.md and migration.sql',
  touches: 'snowflake.yml, *.sql, MIGRATION.md, migration.sql',
  safe: false,
  flags: [
    { name: 'compute-pool', value: 'NAME', description: 'compute pool for the container runtime (snowflake.yml, migration.sql)' },
    { name: 'query-warehouse', value: 'NAME', description: 'warehouse for the app\'s queries, where none is declared' },
    {
      name: 'app-name', value: 'NAME', description: 'Streamlit object name for an app no snowflake.yml names (migration.sql)', perApp: true,
    },
    {
      name: 'package-source',
      value: PACKAGE_SOURCES.join('|'),
      description: 'where apps install packages from (default: the artifact repository; PyPI integration for snowflake.yml apps)',
    },
  ],
  project(project, report, options) {
    const inventory = inventoryOf(project);
    const appsByDefinition = groupByDefinition(inventory.appsToMigrate());
    // This hook creates no files, so the run's created files stay the same throughout it.
    const created = new PathIndex(project.createdPaths());
    reportUnsafeFlags(options, report);
    for (const path of project.paths()) {
      if (path.endsWith('.sql')) migrateSqlFile(project, path, inventory, options, report, (app) => packageSetting(project, app, options));
      if (!DEFINITION_FILE.test(path)) continue;
      const definition = readDefinition(project, path);
      if (!definition) continue;
      if ('error' in definition) {
        report.error({ code: 'invalid-definition', message: `${definition.error}; left untouched`, path });
        continue;
      }
      if (definition.version === undefined) continue;
      if (!isVersion2(definition)) {
        if (appsByDefinition.has(definition.path)) convertToVersion2(project, definition, report);
        continue;
      }
      updateEntities(project, definition, appsByDefinition.get(definition.path) ?? [], created, options, report);
    }
  },
  finish(project, run, report, options) {
    return writePlan(project, run, options, report);
  },
};

/** What an app's CREATE STREAMLIT needs to install its packages, when its dependency file needs an index. */
function packageSetting(project: Project, app: StreamlitApp, options: RunOptions): { artifactRepository?: string; integration?: string } {
  const dependencyFile = containerDependencyFile(project, app);
  if (!dependencyFile || !needsPackageIndex(project, dependencyFile)) return {};
  return packageSourceSetting(packageSourceOf(options.flags['package-source'], inventoryOf(project).appsToMigrate()));
}

function groupByDefinition(apps: StreamlitApp[]): Map<string, StreamlitApp[]> {
  const byDefinition = new Map<string, StreamlitApp[]>();
  for (const app of apps) {
    if (app.definition === undefined) continue;
    const declared = byDefinition.get(app.definition) ?? [];
    declared.push(app);
    byDefinition.set(app.definition, declared);
  }
  return byDefinition;
}

/** `apps`: the apps the definition declares; `created`: the files this run created. */
function updateEntities(project: Project, definition: ProjectDefinition, apps: StreamlitApp[], created: PathIndex,
  options: RunOptions, report: Reporter): void {
  const edit = project.edit(definition.path);
  const placeholders: string[] = [];
  for (const app of apps) {
    const entity = entityOf(definition, app);
    if (!entity) continue;
    reportUnsafeNames(definition, entity, report);
    if (isFlow(entity.map)) {
      report.manual({
        code: 'flow-entity',
        message: `set runtime_name: ${CONTAINER_RUNTIME} and compute_pool on the entity '${entity.key}' by hand `
          + '(stcodemod edits block mappings only)',
        path: definition.path,
        offset: entity.map.range![0],
      });
      continue;
    }
    // Artifacts first: when `artifacts` is the entity's last key, new keys go right after its new items.
    updateArtifacts(project, definition, entity, app, created, edit);
    placeholders.push(...setRuntimeFields(project, definition, entity, app, edit, options));
  }
  project.commit(definition.path, edit);
  reportPlaceholders(project, definition, placeholders, report);
}

/**
 * A placeholder an earlier run left (`compute_pool: <COMPUTE_POOL>  # TODO(stcodemod): ...`) takes the
 * value a later run's option gives, and loses its TODO.
 */
function fillPlaceholder(edit: TextEdit, text: string, map: YAMLMap, key: string, placeholder: string, value: string | undefined): void {
  const pair = pairOf(map, key);
  if (!value || !pair || !isScalar(pair.value) || pair.value.value !== placeholder) return;
  const [start, end] = [pair.value.range![0], pair.value.range![1]];
  const lineEnd = text.indexOf('\n', end) === -1 ? text.length : text.indexOf('\n', end);
  const todo = /^\s*# TODO\(stcodemod\):[^\r\n]*/.exec(text.slice(end, lineEnd));
  edit.replace(start, todo ? end + todo[0].length : end, yamlScalar(value));
}

/** runtime_name, compute_pool, query_warehouse and the package index integration. */
function setRuntimeFields(project: Project, definition: ProjectDefinition, entity: StreamlitEntity, app: StreamlitApp,
  edit: TextEdit, options: RunOptions): string[] {
  const { map } = entity;
  const lines: string[] = [];
  const placeholders: string[] = [];
  const runtimeName = pairOf(map, 'runtime_name');
  if (!runtimeName) {
    lines.push(`runtime_name: ${CONTAINER_RUNTIME}`);
  } else if (scalarValue(map, 'runtime_name') !== CONTAINER_RUNTIME) {
    replaceScalar(edit, runtimeName.value as never, CONTAINER_RUNTIME);
  }
  fillPlaceholder(edit, definition.text, map, 'compute_pool', COMPUTE_POOL, options.flags['compute-pool']);
  fillPlaceholder(edit, definition.text, map, 'query_warehouse', QUERY_WAREHOUSE, options.flags['query-warehouse']);
  if (!pairOf(map, 'compute_pool')) {
    const pool = options.flags['compute-pool'];
    lines.push(pool ? `compute_pool: ${yamlScalar(pool)}` : `compute_pool: ${COMPUTE_POOL}  # TODO(stcodemod): your compute pool`);
  }
  if (scalarValue(map, 'compute_pool') === COMPUTE_POOL && !options.flags['compute-pool'] || !pairOf(map, 'compute_pool') && !options.flags['compute-pool']) {
    placeholders.push('compute_pool');
  }
  if (!pairOf(map, 'query_warehouse')) {
    const warehouse = options.flags['query-warehouse'];
    lines.unshift(warehouse ? `query_warehouse: ${yamlScalar(warehouse)}` : `query_warehouse: ${QUERY_WAREHOUSE}  # TODO(stcodemod): your warehouse`);
  }
  if (scalarValue(map, 'query_warehouse') === QUERY_WAREHOUSE && !options.flags['query-warehouse'] || !pairOf(map, 'query_warehouse') && !options.flags['query-warehouse']) {
    placeholders.push('query_warehouse');
  }
  if (packageSetting(project, app, options).integration) {
    const integrations = seqValue(map, 'external_access_integrations');
    const listed = (integrations?.items ?? [])
      .some((item) => integrationKey(String((item as { value?: unknown }).value)) === integrationKey(PYPI_INTEGRATION));
    if (!integrations && !pairOf(map, 'external_access_integrations')) {
      lines.push(`external_access_integrations: [${PYPI_INTEGRATION}]`);
    } else if (integrations && !listed) {
      appendToSeq(edit, definition.text, integrations, [PYPI_INTEGRATION]);
    }
  }
  if (lines.length > 0) {
    const anchor = pairOf(map, 'runtime_name') ?? pairOf(map, 'query_warehouse') ?? pairOf(map, 'compute_pool');
    insertIntoMap(edit, definition.text, map, lines, anchor);
  }
  return placeholders;
}

/**
 * The container dependency file (and uv.lock beside a pyproject.toml) and the Python or SQL
 * files this run created go in; environment.yml goes out once a container file replaces it.
 */
function updateArtifacts(project: Project, definition: ProjectDefinition, entity: StreamlitEntity, app: StreamlitApp,
  created: PathIndex, edit: TextEdit): void {
  const { seq, items } = artifactsOf(entity);
  if (!seq) return;
  const wanted: string[] = [];
  const dependencyFile = containerDependencyFile(project, app);
  if (dependencyFile) {
    wanted.push(dependencyFile);
    const lock = join(posix.dirname(dependencyFile) === '.' ? '' : posix.dirname(dependencyFile), 'uv.lock');
    if (dependencyFile.endsWith('pyproject.toml') && project.has(lock)) wanted.push(lock);
    for (const item of items) {
      const clean = item.src.replace(/^\.\//, '');
      if (item.dest === undefined && /(^|\/)environment\.ya?ml$/.test(clean)) replaceSeqItem(edit, definition.text, seq, item.node as Node, []);
    }
  }
  for (const path of created.inside(app.root)) {
    if (/\.(py|sql)$/.test(path) && !isGeneratedPlan(project, path)) wanted.push(path);
  }
  const missing = wanted.map((path) => relativeToDefinition(definition, path))
    .filter((relative) => !items.some((item) => artifactCovers(item.src, relative)));
  appendToSeq(edit, definition.text, seq, [...new Set(missing)].sort().map((value) => artifactItem(items, value)));
}

/**
 * A new file goes to the stage beside its neighbours: where the entity maps a file of the same
 * folder elsewhere (`src: src/app/api.py, dest: api.py`), the new one gets the same kind of mapping,
 * so that the code that imports it finds it there.
 */
function artifactItem(items: Artifact[], relative: string): string {
  const folder = posix.dirname(relative);
  const neighbour = items.find((item) => item.dest !== undefined && !/[*?[]/.test(item.src)
    && posix.dirname(item.src.replace(/^\.\//, '')) === folder);
  if (!neighbour) return yamlScalar(relative);
  const dest = posix.join(posix.dirname(neighbour.dest!), posix.basename(relative));
  return `{ src: ${yamlScalar(relative)}, dest: ${yamlScalar(dest)} }`;
}

function reportPlaceholders(project: Project, definition: ProjectDefinition, placeholders: string[], report: Reporter): void {
  const text = project.read(definition.path)!.text;
  for (const field of [...new Set(placeholders)]) {
    const placeholder = field === 'compute_pool' ? COMPUTE_POOL : QUERY_WAREHOUSE;
    const offset = text.indexOf(`${field}: ${placeholder}`);
    report.manual({
      code: field === 'compute_pool' ? 'compute-pool' : 'query-warehouse',
      message: field === 'compute_pool'
        ? `replace ${placeholder} with your compute pool (migration.sql creates one; or rerun with --compute-pool NAME): `
          + 'Snowflake CLI rejects runtime_name without compute_pool'
        : `replace ${placeholder} with the warehouse that runs the app's queries (or rerun with --query-warehouse NAME)`,
      path: definition.path,
      ...(offset >= 0 ? { offset } : {}),
    });
  }
}

/** The names of an entity that go into SQL, with the placeholder each gets when it cannot (plan.ts). */
const SQL_NAMES: Record<string, { placeholder: string; qualified?: boolean }> = {
  identifier: { placeholder: APP_NAME, qualified: true },
  name: { placeholder: APP_NAME, qualified: true },
  database: { placeholder: DATABASE },
  schema: { placeholder: SCHEMA },
  compute_pool: { placeholder: COMPUTE_POOL },
  query_warehouse: { placeholder: QUERY_WAREHOUSE },
  external_access_integrations: { placeholder: '<EXTERNAL_ACCESS_INTEGRATION>' },
};

/**
 * A name that no quoting makes a safe SQL identifier (a line break or other control character,
 * empty, too long) goes into migration.sql as a placeholder: each is a manual step here.
 */
function reportUnsafeNames(definition: ProjectDefinition, entity: StreamlitEntity, report: Reporter): void {
  const identifier = pairOf(entity.map, 'identifier')?.value;
  const named = [
    ...namedScalars(entity.map, ['identifier', 'compute_pool', 'query_warehouse', 'external_access_integrations']),
    ...(isMap(identifier) ? namedScalars(identifier, ['name', 'database', 'schema']) : []),
  ];
  for (const { key, node } of named) {
    if (node.value === null || node.value === undefined) continue;
    const value = String(node.value);
    if (isTemplated(value) || isSqlPlaceholder(value)) continue;
    const { placeholder, qualified } = SQL_NAMES[key];
    const problem = qualified ? objectNameProblem(value) : identifierProblem(value);
    if (problem === undefined) continue;
    report.manual({
      code: 'unsafe-name',
      message: `${key} ${shownValue(value)} cannot be written as a Snowflake identifier (${problem}): migration.sql has `
        + `${placeholder} in its place; correct the value, or replace the placeholder by hand`,
      path: definition.path,
      offset: node.range![0],
    });
  }
}

/** The scalars of these keys (each item, for a list), with their key. */
function namedScalars(map: YAMLMap, keys: string[]): { key: string; node: Scalar }[] {
  return keys.flatMap((key) => {
    const value = pairOf(map, key)?.value;
    return (isSeq(value) ? value.items : [value]).filter(isScalar).map((node) => ({ key, node }));
  });
}

/** The runtime's name options, checked as reportUnsafeNames checks snowflake.yml. */
function reportUnsafeFlags(options: RunOptions, report: Reporter): void {
  for (const flag of ['compute-pool', 'query-warehouse', 'app-name']) {
    const value = options.flags[flag];
    if (value === undefined) continue;
    const problem = flag === 'app-name' ? objectNameProblem(value) : identifierProblem(value);
    if (problem === undefined) continue;
    report.manual({
      code: 'unsafe-name',
      message: `--${flag} ${shownValue(value)} cannot be written as a Snowflake identifier (${problem}): the SQL stcodemod `
        + 'writes has a placeholder in its place; rerun with a valid name, or replace the placeholder by hand',
    });
  }
}

/** A value as a message shows it: escaped, and cut short. */
function shownValue(value: string): string {
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  return shown.replace(/[\u2028\u2029\u0080-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
