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
 * - Writes MIGRATION.md and migration.sql at the target's root: Snowflake's migration checklist
 *   with each item's state, every manual step of the run, and the SQL to run in order.
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
import { Node } from 'yaml';
import { containerDependencyFile, join } from '../../src/app-layout';
import { inventoryOf, StreamlitApp } from '../../src/inventory';
import { PathIndex } from '../../src/path-index';
import { Project } from '../../src/project';
import {
  Artifact, artifactCovers, artifactsOf, CONTAINER_RUNTIME, entityOf, isVersion2, ProjectDefinition, readDefinition,
  relativeToDefinition, StreamlitEntity,
} from '../../src/snowflake-definition';
import { integrationKey } from '../../src/streamlit-integrations';
import { TextEdit } from '../../src/text-edit';
import { Reporter, RunOptions, Transform } from '../../src/transform';
import {
  appendToSeq, insertIntoMap, isFlow, pairOf, replaceScalar, replaceSeqItem, scalarValue, seqValue, yamlScalar,
} from '../../src/yaml-edit';
import { needsPackageIndex, PYPI_INTEGRATION } from './packages';
import { isGeneratedPlan, writePlan } from './plan';
import { migrateSqlFile } from './sql';
import { convertToVersion2 } from './v1-to-v2';

export const COMPUTE_POOL_PLACEHOLDER = '<COMPUTE_POOL>';
export const WAREHOUSE_PLACEHOLDER = '<QUERY_WAREHOUSE>';
const DEFINITION_FILE = /(^|\/)snowflake\.ya?ml$/;

export const runtime: Transform = {
  name: 'runtime',
  summary: 'Switch snowflake.yml to the container runtime and write MIGRATION.md and migration.sql',
  touches: 'snowflake.yml, *.sql, MIGRATION.md, migration.sql',
  safe: false,
  flags: [
    { name: 'compute-pool', value: 'NAME', description: 'compute pool for the container runtime (snowflake.yml, migration.sql)' },
    { name: 'query-warehouse', value: 'NAME', description: 'warehouse for the app\'s queries, where none is declared' },
    { name: 'app-name', value: 'NAME', description: 'Streamlit object name for an app no snowflake.yml names (migration.sql)' },
  ],
  project(project, report, options) {
    const inventory = inventoryOf(project);
    const appsByDefinition = groupByDefinition(inventory.appsToMigrate());
    // This hook creates no files, so the run's created files stay the same throughout it.
    const created = new PathIndex(project.createdPaths());
    for (const path of project.paths()) {
      if (path.endsWith('.sql')) migrateSqlFile(project, path, inventory, options, report, (app) => packageIntegrations(project, app));
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
    writePlan(project, run, options, report);
  },
};

/** The integrations an app needs to install its packages: PyPI's when its dependency file needs an index. */
function packageIntegrations(project: Project, app: StreamlitApp | undefined): string[] {
  const dependencyFile = app && containerDependencyFile(project, app);
  return dependencyFile && needsPackageIndex(project, dependencyFile) ? [PYPI_INTEGRATION] : [];
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
  if (!pairOf(map, 'compute_pool')) {
    const pool = options.flags['compute-pool'];
    lines.push(pool ? `compute_pool: ${yamlScalar(pool)}` : `compute_pool: ${COMPUTE_POOL_PLACEHOLDER}  # TODO(stcodemod): your compute pool`);
  }
  if (scalarValue(map, 'compute_pool') === COMPUTE_POOL_PLACEHOLDER || !pairOf(map, 'compute_pool') && !options.flags['compute-pool']) {
    placeholders.push('compute_pool');
  }
  if (!pairOf(map, 'query_warehouse')) {
    const warehouse = options.flags['query-warehouse'];
    lines.unshift(warehouse ? `query_warehouse: ${yamlScalar(warehouse)}` : `query_warehouse: ${WAREHOUSE_PLACEHOLDER}  # TODO(stcodemod): your warehouse`);
  }
  if (scalarValue(map, 'query_warehouse') === WAREHOUSE_PLACEHOLDER || !pairOf(map, 'query_warehouse') && !options.flags['query-warehouse']) {
    placeholders.push('query_warehouse');
  }
  const dependencyFile = containerDependencyFile(project, app);
  if (dependencyFile && needsPackageIndex(project, dependencyFile)) {
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
    const placeholder = field === 'compute_pool' ? COMPUTE_POOL_PLACEHOLDER : WAREHOUSE_PLACEHOLDER;
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
