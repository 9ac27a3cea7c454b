/**
 * The migration plan: MIGRATION.md (Snowflake's warehouse-to-container checklist with each
 * item's state, then every manual step of the run) and migration.sql (the SQL to run, in
 * order). Both are built from the app as the run leaves it plus the run's findings, so they
 * work with any transform: an item's state comes from the final files and from the findings
 * of the transforms that own it (by name), never from their codes. Sorted, no timestamps.
 */
import * as path from 'node:path';
import * as posix from 'node:path/posix';
import { isMap, isScalar } from 'yaml';
import { containerDependencyFile, entryFolder, join, readFolders } from '../../src/app-layout';
import { describeApp, inventoryOf, StreamlitApp } from '../../src/inventory';
import { LocatedFinding } from '../../src/findings';
import { tomlDocument, yamlValue } from '../../src/parsed-files';
import { logicalLines } from '../../src/python/logical-lines';
import { PathIndex } from '../../src/path-index';
import { describeReadError, readRegularFile } from '../../src/read-file';
import { EarlierStep, numberSteps, stepText } from './steps';
import { isGeneratedPlan, PLAN_FILES } from '../../src/plan-files';
import { FileChange, Project } from '../../src/project';
import { maskSecrets } from '../../src/secret-mask';
import {
  CONTAINER_RUNTIME, entityOf, isTemplated, isVersion2, readDefinition, StreamlitEntity,
} from '../../src/snowflake-definition';
import { integrationSettings, mergeIntegrations } from '../../src/streamlit-integrations';
import { createSecretSql, SecretBinding, secretBindings } from '../../src/streamlit-secrets';
import {
  describeStatement, displayName, findProperty, nameKey, ObjectName, parseNameString, parseSql, sqlCommentText, sqlIdentifier, sqlObjectName,
  sqlString,
} from '../../src/sql';
import { decodeText, UndecodableFileError } from '../../src/text-file';
import { flagFor, Reporter, RunOptions, RunSoFar } from '../../src/transform';
import { pairOf, scalarValue, seqValue } from '../../src/yaml-edit';
import { nativeAppChecklist, nativeReleaseSections } from './native-plan';
import { needsPackageIndex, requirementsOf } from './packages';
import {
  PackageSource, packageSourceAlternative, packageSourceOf, packageSourceSetting, packageSourceSetup, PYPI_INTEGRATION,
} from '../../src/package-source';
import {
  APP_NAME, APP_OWNER_ROLE, COMPUTE_POOL, DATABASE, placeholdersIn, QUERY_WAREHOUSE, SCHEMA, secretPlaceholder, SECRETS_INTEGRATION,
} from '../../src/placeholders';


type Status = 'done' | 'needs you' | 'not applicable';

interface ChecklistItem {
  title: string;
  status: Status;
  detail: string;
  /** Lines listed under the item (what stcodemod did, one place each). */
  notes?: string[];
}

interface PlannedApp {
  app: StreamlitApp;
  heading: string;
  sqlName: string;
  schema?: string;
  warehouse: string;
  pool: string;
  integrations: string[];
  secrets: { binding: SecretBinding; file: string }[];
  /** The integration the secrets must be allowed by, when there are any. */
  secretsIntegration?: string;
  /** Names the app's code reads with st.secrets that no secrets.toml of the app defines. */
  codeSecrets: string[];
  /** Where the app installs its packages from, when it needs a package index. */
  packageSource?: PackageSource;
  dependencyFile?: string;
  needsIndex: boolean;
}

interface PlanContext {
  project: Project;
  run: RunSoFar;
  apps: StreamlitApp[];
  /** Manual findings, numbered as MIGRATION.md lists them. */
  steps: Map<LocatedFinding, number>;
  /** Manual findings the user had ticked in the earlier MIGRATION.md. */
  ticked: Set<LocatedFinding>;
  /** Unticked steps of the earlier MIGRATION.md this run did not find again. */
  carried: EarlierStep[];
  /** The project's paths, to list an app's files without scanning every path for every app. */
  paths: PathIndex;
  /** The apps of the run that the run leaves alone, with why (StreamlitApp.leftAlone). */
  leftAlone: StreamlitApp[];
  /** The app whose source tree holds a path. */
  appAt: (path: string) => StreamlitApp | undefined;
  /** The root of the app each file belongs to (null: none), remembered: every item asks again. */
  owners: Map<string, string | null>;
  /** The findings of each app root, in run order, sorted out once: every item of every app asks. */
  appFindings?: Map<string, LocatedFinding[]>;
  /** The run's changes of each app root's files, in run order, sorted out once for the same reason. */
  appChanges?: Map<string, FileChange[]>;
  /** The first change that removes or moves each path away, by that path; each app asks for its environment.yml. */
  removals?: Map<string, FileChange>;
  /** The Python files of each app root, remembered. */
  appPythonFiles: Map<string, string[]>;
  /** Python texts without their comment lines, by text, remembered: each code item of each app asks. */
  code: Map<string, string>;
  /** The code checks each Python file still fails, by path (see checksUsedIn). */
  checksUsed: Map<string, Set<CodeCheck>>;
}

/**
 * Writes MIGRATION.md and migration.sql for the apps the run migrates. Returns true when what it
 * wrote must be kept even if the run changed nothing else: an option of this run fills in a
 * placeholder that the earlier plan holds.
 */
export function writePlan(project: Project, run: RunSoFar, options: RunOptions, report: Reporter): boolean {
  // The apps as they were when the run started: an app whose environment.yml the run deleted is still the same app.
  const inventory = inventoryOf(project);
  const apps = inventory.appsToMigrate();
  if (apps.length === 0) return false;
  const markdown = planPath(project, PLAN_FILES.markdown, report);
  const sql = planPath(project, PLAN_FILES.sql, report);
  const earlier = [markdown, sql].map((path) => (path && project.has(path) ? project.read(path)?.text : undefined));
  const numbered = numberSteps(run.findings.filter((finding) => finding.kind === 'manual'), earlier[0],
    (step) => placeholderFilled(project, step));
  const paths = new PathIndex(project.paths());
  const context: PlanContext = {
    project, run, apps, leftAlone: inventory.appsInRun().filter((app) => app.leftAlone !== undefined), steps: numbered.numbers,
    ticked: numbered.ticked, carried: numbered.carried, paths, appAt: (path: string) => inventory.appOf(path), owners: new Map(),
    appPythonFiles: new Map(), code: new Map(), checksUsed: new Map(),
  };
  const planned = distinctPlaceholders(apps.map((app) => planApp(project, paths, app, options, report)));
  // Findings come masked; the checklist also quotes the app's files (a requirement's URL).
  if (markdown) project.write(markdown, maskSecrets(renderMarkdown(context, planned)));
  // A Native App's Streamlit is switched by its setup script: none of its SQL runs in the provider's account.
  const standalone = planned.filter((app) => app.app.kind !== 'native-app');
  if (sql && standalone.length > 0) project.write(sql, maskSecrets(renderSql(context, standalone)));
  return earlier.some((text) => text !== undefined && fillsPlaceholder(text, options));
}

/**
 * Apps no declaration names each get a placeholder of their own (`<SALES_APP_NAME>`): filling one
 * `<APP_NAME>` would point every app's ALTER at the same object.
 */
function distinctPlaceholders(planned: PlannedApp[]): PlannedApp[] {
  const unnamed = planned.filter((app) => app.sqlName.includes(APP_NAME));
  if (unnamed.length < 2) return planned;
  return planned.map((app) => {
    if (!unnamed.includes(app)) return app;
    const folder = (posix.basename(app.app.root) || 'ROOT').toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
    const placeholder = `<${folder}_APP_NAME>`;
    return { ...app, sqlName: app.sqlName.replace(APP_NAME, placeholder), heading: app.heading.replace(APP_NAME, placeholder) };
  });
}

/** A step that asked to fill in a placeholder of a file which no longer holds it. */
function placeholderFilled(project: Project, step: EarlierStep): boolean {
  const asked = placeholdersIn(step.body);
  const text = step.path === '' ? undefined : project.peekText(step.path);
  return asked.length > 0 && text !== undefined && asked.every((placeholder) => !text.includes(placeholder));
}

/** True when an option of this run gives the value of a placeholder an earlier plan holds. */
function fillsPlaceholder(text: string, options: RunOptions): boolean {
  const filled = [[COMPUTE_POOL, 'compute-pool'], [QUERY_WAREHOUSE, 'query-warehouse'], [APP_NAME, 'app-name']];
  const given = (flag: string) => options.flags[flag] !== undefined
    || Object.values(options.appFlags ?? {}).some((flags) => flags[flag] !== undefined);
  return filled.some(([placeholder, flag]) => text.includes(placeholder) && given(flag));
}

/** The first of the names that is free or holds an earlier plan: a user's own file is never overwritten. */
function planPath(project: Project, names: string[], report: Reporter): string | undefined {
  const path = names.find((name) => !project.has(name) || isGeneratedPlan(project, name));
  if (path !== names[0]) {
    report.warn({
      code: 'plan-file-kept',
      message: `${names[0]} is a file of your own (it lacks stcodemod's marker line), so it is kept as it is; `
        + (path ? `the plan is in ${path}: read that where the steps name ${names[0]}` : `so is ${names[1]}, so this plan was not written`),
      path: names[0],
    });
  }
  return path;
}


// ---------------------------------------------------------------------------------------------
// What is known of each app

function planApp(project: Project, paths: PathIndex, app: StreamlitApp, options: RunOptions, report: Reporter)
  : PlannedApp {
  const definition = app.definition ? readDefinition(project, app.definition) : undefined;
  const entity = definition && !('error' in definition) && isVersion2(definition) ? entityOf(definition, app) : undefined;
  const scripted = scriptedStreamlit(project, paths, app);
  const identity = identityOf(entity, app, options, scripted.name);
  const literal = (value: string | undefined) => (value && !isTemplated(value) && !value.startsWith('<') ? value : undefined);
  const pool = sqlNameOr(options.flags['compute-pool'] ?? literal(entity && scalarValue(entity.map, 'compute_pool')), COMPUTE_POOL);
  const warehouse = sqlNameOr(options.flags['query-warehouse'] ?? literal(entity && scalarValue(entity.map, 'query_warehouse'))
    ?? scriptedWarehouse(project, app), QUERY_WAREHOUSE);
  const dependencyFile = containerDependencyFile(project, app);
  // Until environment.yml is replaced, its packages say whether the replacement will need an index.
  const needsIndex = dependencyFile !== undefined ? needsPackageIndex(project, dependencyFile)
    : condaPackages(project, environmentText(project, app)).length > 0;
  const declared = entity ? (seqValue(entity.map, 'external_access_integrations')?.items ?? [])
    .map((item) => (isScalar(item) ? String(item.value) : '')).filter((name) => name !== '' && !isTemplated(name))
    .map((name) => sqlNameOr(name, '<EXTERNAL_ACCESS_INTEGRATION>')) : [];
  const secrets = secretsOf(project, app, identity.prefix, report);
  const secretsAccess = secrets.length > 0 ? secretsIntegration(identity.prefix) : undefined;
  const codeSecrets = secretsReadByCode(project, paths, app, secrets, report);
  const packageSource = needsIndex ? packageSourceOf(options.flags['package-source'], inventoryOf(project).appsToMigrate()) : undefined;
  // Step 5's ALTER ... SET replaces the app's list: keep what snowflake.yml and the app's scripts give it.
  const scriptedIntegrations = scripted.integrations.map((name) => sqlNameOr(name, '<EXTERNAL_ACCESS_INTEGRATION>'));
  const integrations = mergeIntegrations(declared, scriptedIntegrations,
    packageSource === 'pypi-integration' ? [PYPI_INTEGRATION] : [], secretsAccess ? [secretsAccess] : [],
    codeSecrets.length > 0 ? [SECRETS_INTEGRATION] : []);
  return {
    app,
    heading: identity.heading,
    sqlName: identity.sqlName,
    schema: identity.schema,
    warehouse,
    pool,
    integrations,
    secrets,
    secretsIntegration: secretsAccess,
    codeSecrets,
    packageSource,
    dependencyFile,
    needsIndex,
  };
}

/** The QUERY_WAREHOUSE the SQL that creates the app names, when it is a literal name (not `$var`). */
function scriptedWarehouse(project: Project, app: StreamlitApp): string | undefined {
  for (const location of app.createdBy) {
    const text = project.read(location.path)?.text;
    if (text === undefined) continue;
    const statement = parseSql(text).statements.find((candidate) => candidate.start <= location.offset && location.offset < candidate.end);
    const value = statement && findProperty(statement.tokens, 'QUERY_WAREHOUSE')?.value;
    const name = value?.length === 1 ? (value[0].kind === 'string' ? value[0].value : value[0].text) : undefined;
    if (name && /^[A-Za-z_][\w$]*$|^"[^"]+"$/.test(name)) return name;
  }
  return undefined;
}

/**
 * The one Streamlit object the app's SQL scripts create, if they create exactly one, and the
 * integrations the scripts leave it with.
 */
function scriptedStreamlit(project: Project, paths: PathIndex, app: StreamlitApp): { name?: ObjectName; integrations: string[] } {
  const names = new Map<string, ObjectName>();
  const lists = new Map<string, string[][]>();
  for (const file of paths.inside(app.root)) {
    if (!file.endsWith('.sql') || isGeneratedPlan(project, file)) continue;
    const text = project.read(file)?.text;
    if (text === undefined || !/streamlit/i.test(text)) continue;
    const statements = parseSql(text).statements;
    for (const statement of statements) {
      const described = describeStatement(statement, text);
      if (described.kind === 'create' && described.type.name === 'STREAMLIT' && described.name && !described.name.dynamic) {
        names.set(nameKey(described.name.parts), described.name);
      }
    }
    const last = new Map<string, string[]>();
    for (const setting of integrationSettings(statements.map((statement) => ({ statement, source: text })))) {
      last.set(setting.streamlit, setting.names);
    }
    for (const [key, list] of last) lists.set(key, [...(lists.get(key) ?? []), list]);
  }
  if (names.size !== 1) return { integrations: [] };
  const [key, name] = [...names][0];
  return { name, integrations: mergeIntegrations(...(lists.get(key) ?? [])) };
}

function identityOf(entity: StreamlitEntity | undefined, app: StreamlitApp, options: RunOptions, scripted?: ObjectName)
  : { heading: string; sqlName: string; schema?: string; prefix?: string } {
  const identifier = entity ? pairOf(entity.map, 'identifier')?.value : undefined;
  let name: string | undefined;
  let database: string | undefined;
  let schema: string | undefined;
  if (isScalar(identifier)) name = String(identifier.value);
  if (isMap(identifier)) {
    name = scalarValue(identifier, 'name');
    database = scalarValue(identifier, 'database');
    schema = scalarValue(identifier, 'schema');
  }
  if (entity && !name) name = entity.key;
  const appName = flagFor(options, app.root, 'app-name');
  // `IDENTIFIER($name)` is known only when its script runs: the placeholder stands for it.
  if (!entity && !appName && !scripted && (app.foundBy === 'sql' || app.foundBy === 'native-app') && app.name
    && !/^IDENTIFIER\s*\(/i.test(app.name)) {
    const parts = parseNameString(app.name)?.map((part) => displayName([part])) ?? [app.name];
    [name, schema, database] = [parts[parts.length - 1], parts[parts.length - 2], parts[parts.length - 3]];
  }
  if (!entity && !appName && scripted) {
    const parts = scripted.parts.map((part) => displayName([part]));
    [name, schema, database] = [parts[parts.length - 1], parts[parts.length - 2], parts[parts.length - 3]];
  }
  const known = (value: string | undefined) => (value && !isTemplated(value) ? value : undefined);
  // A templated part stays a placeholder: dropping it would name another object.
  const part = (value: string | undefined, placeholder: string) => (value === undefined ? undefined : sqlNameOr(known(value), placeholder));
  const objectName = known(name) ?? appName;
  const [databaseSql, schemaSql] = [part(database, DATABASE), part(schema, SCHEMA)];
  const nameSql = (objectName === undefined ? undefined : sqlObjectName(objectName)) ?? APP_NAME;
  const sqlName = [databaseSql, schemaSql, nameSql].filter(Boolean).join('.');
  const where = app.definition ? `${app.definition}, entity \`${entity?.key ?? app.entityKey}\`` : `folder \`${app.root || '.'}\``;
  return {
    heading: `\`${sqlName}\` (${where})`,
    sqlName,
    schema: databaseSql && schemaSql && !databaseSql.startsWith('<') && !schemaSql.startsWith('<') ? `${databaseSql}.${schemaSql}` : undefined,
    prefix: objectName ? objectName.split('.').pop() : undefined,
  };
}

/**
 * Credentials of the secrets.toml files the app reads. A secrets.toml that an earlier run
 * listed in .gitignore is no longer part of the run, so it is looked up on disk (key names only).
 */
function secretsOf(project: Project, app: StreamlitApp, prefix: string | undefined, report: Reporter)
  : { binding: SecretBinding; file: string }[] {
  const found: { binding: SecretBinding; file: string }[] = [];
  for (const folder of readFolders(app)) {
    const file = join(folder, '.streamlit/secrets.toml');
    const text = project.has(file) ? project.read(file)?.text : secretsOutsideRun(project, file, report);
    if (text === undefined) continue;
    const document = tomlDocument(project, text);
    if ('error' in document) continue;
    const relative = app.root === '' ? file : posix.relative(app.root, file);
    for (const binding of secretBindings(document, prefix).bindings) found.push({ binding, file: relative });
  }
  return found;
}

/**
 * The names the app's code reads with `st.secrets["name"]`, `st.secrets.get("name")` or
 * `st.secrets.name` and that none of its secrets.toml files defines: on the container runtime each
 * must be a Snowflake secret bound to the app. `connections` is Streamlit's local connection
 * configuration, never a Snowflake secret.
 */
/** `st.secrets["name"]`, `st.secrets.get("name")`, `st.secrets.name` (also through `streamlit.`). */
const SECRET_READ = /\b(?:st|streamlit)\.secrets(?:\s*\[\s*|\.get\(\s*)(['"])([A-Za-z_][\w-]*)\1|\b(?:st|streamlit)\.secrets\.([A-Za-z_]\w*)\b(?!\s*\()/g;
/** `st.secrets[name]`, `st.secrets.get(f"...")`: a name known only when the code runs. */
const COMPUTED_SECRET_READ = /\b(?:st|streamlit)\.secrets(?:\s*\[\s*|\.get\(\s*)(?!\s*['"])/g;
const NOT_SECRET_NAMES = new Set(['connections', 'get', 'load_if_toml_exists', 'toml', 'to_dict', 'keys', 'items', 'values']);

function secretsReadByCode(project: Project, paths: PathIndex, app: StreamlitApp, fromToml: { binding: SecretBinding }[],
  report: Reporter): string[] {
  const inventory = inventoryOf(project);
  const defined = new Set(fromToml.map(({ binding }) => binding.alias.split(/[._]/)[0]));
  const names = new Set<string>();
  for (const file of paths.inside(app.root)) {
    if (!file.endsWith('.py') || inventory.appOf(file) !== app || inventory.notAppCode(file)) continue;
    const text = project.peekText(file);
    if (text === undefined || !text.includes('secrets')) continue;
    // Docstrings, comments and code samples in strings (`st.code('st.secrets["x"]')`) are no reads.
    // Blanked with spaces, so that every offset stays the file's own.
    const blank = (part: string) => ' '.repeat(part.length);
    const code = text.replace(/("""|\'\'\')[\s\S]*?\1/g, blank)
      .replace(/(['"])(?:\\.|(?!\1)[^\\\n])*\1/g, (literal) => (literal.includes('secrets') ? `""${blank(literal.slice(2))}` : literal))
      .replace(/#[^\n]*/g, blank);
    for (const match of code.matchAll(SECRET_READ)) {
      const name = match[2] ?? match[3];
      if (name && !NOT_SECRET_NAMES.has(name) && !defined.has(name)) names.add(name);
    }
    for (const match of code.matchAll(COMPUTED_SECRET_READ)) {
      report.manual({
        code: 'computed-secret',
        message: 'this reads st.secrets with a name known only when the code runs: on the container runtime each secret '
          + 'it may read must be a Snowflake secret bound to the app, so add every such name to SECRETS in step 5 of '
          + 'migration.sql (SET replaces the list: a name left out cannot be read)',
        path: file,
        offset: match.index,
      });
    }
  }
  return [...names].sort();
}

/** A secrets.toml that is not among the run's files (git-ignored), read for its key names only. */
function secretsOutsideRun(project: Project, file: string, report: Reporter): string | undefined {
  try {
    return decodeText(readRegularFile(path.join(project.root, ...file.split('/')))).text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const reason = error instanceof UndecodableFileError ? error.message : describeReadError(error);
    report.warn({
      code: 'secrets-unread',
      message: `could not be read for its key names (${reason}), so the plan has no CREATE SECRET for them: check it by hand`,
      path: file,
    });
    return undefined;
  }
}

function secretsIntegration(prefix: string | undefined): string {
  return sqlNameOr(`${(prefix ?? 'app').toLowerCase().replace(/[^a-z0-9_]+/g, '_')}_secrets_access`, 'app_secrets_access');
}

/**
 * A name from the user's files or options as SQL (src/sql: quoted where Snowflake needs it), or
 * the placeholder when there is none or no quoting makes it safe (the runtime hook reports those).
 */
function sqlNameOr(value: string | undefined, placeholder: string): string {
  return (value === undefined ? undefined : sqlIdentifier(value)) ?? placeholder;
}

// ---------------------------------------------------------------------------------------------
// The checklist

function checklist(context: PlanContext, planned: PlannedApp): ChecklistItem[] {
  const { app } = planned;
  const changed = changesOf(context, app);
  const item = (title: string, status: Status, detail: string): ChecklistItem => ({ title, status, detail });
  const items: ChecklistItem[] = [];

  items.push(item('Back up the app\'s code', 'needs you', 'optional: if the code is not in version control yet, commit it before '
    + 'you deploy; `git diff` then shows every change stcodemod made.'));

  const rootLocation = ownFindings(context, app, ['runtime']).filter((finding) => finding.code === 'runtime/root-location');
  items.push(rootLocation.length > 0
    ? item('Created with FROM, not ROOT_LOCATION', 'needs you', `stcodemod rewrote ROOT_LOCATION to FROM in `
      + `${files(rootLocation.map((finding) => `${finding.path}:${finding.line}`))}: run that statement (migration.sql, step 4) `
      + 'to re-create the app, and grant its privileges again.')
    : item('Created with FROM, not ROOT_LOCATION', 'needs you', `check with \`DESCRIBE STREAMLIT ${planned.sqlName};\`: a `
      + '`root_location` column means a ROOT_LOCATION app (Snowflake CLI before 3.14 deployed those), which only runs on the '
      + 'warehouse runtime: re-create it with FROM (migration.sql, step 4) before switching.'));

  items.push(streamlitVersionItem(context, planned, changed));
  items.push(pythonItem(context, planned));

  items.push(app.definition
    ? item('Snowflake CLI 3.14.0 or later', 'needs you', `deploy with \`snow streamlit deploy --replace\` from Snowflake CLI `
      + '3.14.0 or later (`snow --version`): earlier versions cannot deploy to the container runtime.')
    : item('Snowflake CLI 3.14.0 or later', 'not applicable', 'the app has no snowflake.yml.'));

  const definitionChanged = runtimeSetByRun(context, app) ? [app.definition!] : [];
  items.push(item('Compute pool', 'needs you', `create \`${planned.pool}\` and grant USAGE on it to the app owner's role `
    + `(migration.sql, step 1)${planned.pool.startsWith('<') ? '; rerun with `--compute-pool NAME` to fill in its name' : ''}.`
    + (definitionChanged.length > 0 ? ` stcodemod set runtime_name and compute_pool in ${files(definitionChanged)}.` : '')));

  items.push(packageSourceItem(context, planned, definitionChanged));
  items.push(dependencyFileItem(context, planned, changed));

  items.push(codeItem(context, planned, changed, SESSION_CHECK));
  items.push(cachingItem(context, planned, changed));
  items.push(reviewItem(context, planned, changed, 'Thread safety', ['thread-safety'], /^$/,
    'one server process serves every viewer: check module-level state and any threads the app starts.'));
  items.push(codeItem(context, planned, changed, SNOWFLAKE_MODULE_CHECK));
  items.push(pathsItem(context, planned, changed));
  items.push(configItem(context, planned, changed));

  items.push(item('Switch the app: RUNTIME_NAME, COMPUTE_POOL, QUERY_WAREHOUSE', 'needs you', app.definition
    ? `deploy with \`snow streamlit deploy --replace\` (Snowflake CLI 3.21 or later applies the runtime fields of `
      + `${app.definition} with ALTER STREAMLIT and keeps the app's grants; earlier versions re-create the app and `
      + 'restore only the grants listed there), then run step 5 of migration.sql to confirm.'
    : `upload the migrated files to the app's source location${newFilesText(context, app)}, then run step 5 of migration.sql.`));
  return app.kind === 'native-app' ? nativeAppChecklist(context.project, app, items, stepsOf(context, app)) : items;
}

/** "manual steps 3, 4 below" for the app's manual findings from these transforms or codes, if any. */
function stepsOf(context: PlanContext, app: StreamlitApp): (sources: string[]) => string | undefined {
  return (sources) => {
    const owned = manualSteps(context, app, sources);
    return owned.length > 0 ? stepsText(context, owned) : undefined;
  };
}

function streamlitVersionItem(context: PlanContext, planned: PlannedApp, changed: string[]): ChecklistItem {
  const title = 'Streamlit 1.50 or later';
  const owned = manualSteps(context, planned.app, ['streamlit-api', 'deps/streamlit-version']);
  if (owned.length > 0) return { title, status: 'needs you', detail: `${stepsText(context, owned)}.` };
  const notRun = notRunText(context, ['streamlit-api']);
  if (!planned.dependencyFile) {
    const pinned = environmentFile(context, planned.app)?.match(/^\s*-\s*streamlit\s*=+\s*([\d.]+)/m)?.[1];
    const was = pinned ? `the app ran on Streamlit ${pinned}; ` : '';
    return { title, status: 'needs you', detail: `${was}the container runtime needs Streamlit 1.50 or later: once the `
      + `dependencies are in requirements.txt or pyproject.toml, test the app on Streamlit 1.50+.${notRun}` };
  }
  const requirement = requirementsOf(context.project, planned.dependencyFile)
    .find((line) => /^streamlit(\[[^\]]*\])?\s*([<>=!~;]|$)/i.test(line));
  const version = requirement?.match(/(?:==|<=|<|~=)\s*(\d+)\.(\d+)/);
  if (version && (Number(version[1]) < 1 || (Number(version[1]) === 1 && Number(version[2]) < 50))) {
    return { title, status: 'needs you', detail: `${planned.dependencyFile} asks for \`${requirement}\`: the container runtime `
      + 'needs 1.50 or later.' };
  }
  const by = changed.includes(planned.dependencyFile) ? `done by stcodemod (${planned.dependencyFile})` : planned.dependencyFile;
  const what = requirement ? `\`${requirement}\`` : 'the Streamlit of the container image (1.50 or later)';
  return { title, status: notRun ? 'needs you' : 'done', detail: `${by}: ${what}.${notRun}` };
}

function pythonItem(context: PlanContext, planned: PlannedApp): ChecklistItem {
  const title = 'Python 3.11';
  const environment = environmentFile(context, planned.app);
  const pinned = environment?.match(/^\s*-\s*python\s*[=<>]*\s*([\d.]+)/m)?.[1];
  if (pinned && /^3\.11(\.|$)/.test(pinned)) {
    return { title, status: 'done', detail: 'the app already ran on Python 3.11, the only version of the container runtime.' };
  }
  const ran = pinned ? `the app ran on Python ${pinned}; ` : '';
  const owned = manualSteps(context, planned.app, ['deps/python-version']);
  const steps = owned.length > 0 ? ` (${stepsText(context, owned)})` : '';
  return { title, status: 'needs you', detail: `${ran}the container runtime runs Python 3.11 only: test the app and its `
    + `dependencies on 3.11${steps}.` };
}

function packageSourceItem(context: PlanContext, planned: PlannedApp, definitionChanged: string[]): ChecklistItem {
  const title = 'External access integration or artifact repository for packages';
  if (!planned.dependencyFile) {
    return !planned.needsIndex
      ? { title, status: 'not applicable', detail: 'the app asks for no packages beyond those of the container image.' }
      : { title, status: 'needs you', detail: 'environment.yml lists packages the container image does not have: once they '
        + 'are in requirements.txt or pyproject.toml, they need a package index (migration.sql, step 2).' };
  }
  if (!planned.needsIndex) {
    return { title, status: 'not applicable', detail: `${planned.dependencyFile} asks only for packages the container image `
      + 'has, with no version specifiers.' };
  }
  const owned = manualSteps(context, planned.app, ['deps/package-source']);
  const steps = owned.length > 0 ? `; ${stepsText(context, owned)}` : '';
  if (planned.packageSource === 'artifact-repository') {
    return { title, status: 'needs you', detail: `${planned.dependencyFile} needs a package index: let the app's owner role use `
      + `Snowflake's PyPI artifact repository (migration.sql, step 2) and attach it to the app (step 5)${steps}.` };
  }
  const listed = definitionChanged.length > 0 ? `; stcodemod lists ${PYPI_INTEGRATION} in ${files(definitionChanged)}` : '';
  return { title, status: 'needs you', detail: `${planned.dependencyFile} needs a package index: create ${PYPI_INTEGRATION} `
    + `and grant its use (migration.sql, step 2)${listed}${steps}.` };
}

function dependencyFileItem(context: PlanContext, planned: PlannedApp, changed: string[]): ChecklistItem {
  const title = 'Replace environment.yml with requirements.txt or pyproject.toml';
  const owned = manualSteps(context, planned.app, ['deps'], DEPS_STEPS_ELSEWHERE);
  if (owned.length > 0) return { title, status: 'needs you', detail: `${stepsText(context, owned)}.` };
  if (planned.dependencyFile) {
    const touched = changed.filter((file) => /(^|\/)(requirements\.txt|pyproject\.toml|uv\.lock|environment\.ya?ml)$/.test(file));
    return { title, status: 'done', detail: touched.length > 0 ? `done by stcodemod (${files(touched)}).`
      : `the app installs from ${planned.dependencyFile}.` };
  }
  if (environmentFile(context, planned.app) !== undefined) {
    return { title, status: 'needs you', detail: 'the container runtime ignores environment.yml: list the packages in '
      + `requirements.txt or pyproject.toml (PyPI names can differ from conda's).${notRunText(context, ['deps'])}` };
  }
  return { title, status: 'not applicable', detail: 'the app declares no dependencies; it gets the packages of the container image.' };
}

interface CodeCheck {
  title: string;
  transforms: string[];
  /** Matches within one line: no line breaks, no anchors, no `g` flag (see usedInCode). */
  pattern: RegExp;
  absent: string;
}

const SESSION_CHECK: CodeCheck = {
  title: 'Replace `get_active_session()` with `st.connection("snowflake").session()`',
  transforms: ['session'],
  pattern: /\bget_active_session\b/,
  absent: 'the app does not call get_active_session().',
};
const SNOWFLAKE_MODULE_CHECK: CodeCheck = {
  title: 'Replace `_snowflake`',
  transforms: ['snowflake-module'],
  pattern: /\b_snowflake\b/,
  absent: 'the app does not use _snowflake.',
};
/** Every code check, so that each Python file is read once for all of them. */
const CODE_CHECKS = [SESSION_CHECK, SNOWFLAKE_MODULE_CHECK];

/**
 * The code checks whose API a Python file still uses. The file is peeked at, not loaded: the
 * plan looks at every Python file of the repository, and loading them would keep them all in
 * memory until the end of the run.
 */
function checksUsedIn(context: PlanContext, file: string): Set<CodeCheck> {
  let used = context.checksUsed.get(file);
  if (!used) {
    const peeked = context.project.peekText(file);
    if (peeked !== undefined) context.project.noteExamined(file);
    // Reading a file that cannot be peeked at reports why, as any other read of it would.
    const text = peeked ?? context.project.read(file)?.text ?? '';
    used = new Set(CODE_CHECKS.filter((check) => check.pattern.test(text) && check.pattern.test(codeOnly(text))));
    context.checksUsed.set(file, used);
  }
  return used;
}

/** An API the container runtime lacks: done when no Python file of the app uses it any more. */
function codeItem(context: PlanContext, planned: PlannedApp, changed: string[], check: CodeCheck): ChecklistItem {
  const owned = manualSteps(context, planned.app, check.transforms);
  const remaining = pythonFiles(context, planned.app).filter((file) => checksUsedIn(context, file).has(check));
  const fixed = changedPython(context, planned.app)
    .filter((change) => usedInCode(context, change.before?.text, check.pattern)
      && !usedInCode(context, change.after?.text, check.pattern)).map((change) => change.to!);
  if (owned.length > 0) return { title: check.title, status: 'needs you', detail: `${stepsText(context, owned)}.` };
  if (remaining.length > 0) {
    return { title: check.title, status: 'needs you', detail: `still used in ${files(remaining)}.${notRunText(context, check.transforms)}` };
  }
  if (fixed.length > 0) return { title: check.title, status: 'done', detail: `done by stcodemod (${files(fixed)}).` };
  return { title: check.title, status: 'not applicable', detail: check.absent };
}

/** Behaviour to review: only the transform that owns it can say it found nothing. */
/** Caching: reviewed as the cache transform says; each cache it added is listed with why it is safe. */
function cachingItem(context: PlanContext, planned: PlannedApp, changed: string[]): ChecklistItem {
  const reviewed = reviewItem(context, planned, changed, 'Review caching', ['cache'], /\.cache_data\b/,
    'cached values are shared by every viewer on the container runtime: check that no cached function returns '
    + 'one viewer\'s data to another.');
  const added = ownFindings(context, planned.app, ['cache'])
    .filter((finding) => finding.code === 'cache/cached' || finding.code === 'cache/cached-module-read');
  if (added.length === 0) return reviewed;
  return { ...reviewed, detail: `${reviewed.detail} stcodemod added ${added.length === 1 ? 'this cache, for the reason given'
    : 'these caches, each for the reason given'}:`, notes: added.map((finding) => `${where(finding)}${finding.message}`) };
}

function reviewItem(context: PlanContext, planned: PlannedApp, changed: string[], title: string, transforms: string[],
  pattern: RegExp, why: string): ChecklistItem {
  const owned = manualSteps(context, planned.app, transforms);
  if (owned.length > 0) return { title, status: 'needs you', detail: `${stepsText(context, owned)}.` };
  const notRun = notRunText(context, transforms);
  if (notRun) return { title, status: 'needs you', detail: `${why}${notRun}` };
  const touched = changedPython(context, planned.app).filter((change) => pattern.source !== '^$'
    && pattern.test(changedLines(change))).map((change) => change.to!);
  return { title, status: 'done', detail: touched.length > 0 ? `done by stcodemod (${files(touched)}).`
    : 'stcodemod found nothing that needs you.' };
}

function pathsItem(context: PlanContext, planned: PlannedApp, changed: string[]): ChecklistItem {
  const title = 'File paths';
  const owned = manualSteps(context, planned.app, ['paths']);
  if (owned.length > 0) return { title, status: 'needs you', detail: `${stepsText(context, owned)}.` };
  if (!planned.app.mainFile || entryFolder(planned.app) === planned.app.root) {
    return { title, status: 'not applicable', detail: 'the entry file is at the source root, which stays the working directory.' };
  }
  const notRun = notRunText(context, ['paths']);
  const rewritten = changedPython(context, planned.app)
    .filter((change) => count(change.after?.text, '__file__') > count(change.before?.text, '__file__')).map((change) => change.to!);
  return {
    title,
    status: notRun ? 'needs you' : 'done',
    detail: rewritten.length > 0 ? `done by stcodemod (${files(rewritten)}): paths now resolve from the entry file's folder.`
      : `relative paths resolve from the source root, page paths from ${entryFolder(planned.app)}/.${notRun}`,
  };
}

function configItem(context: PlanContext, planned: PlannedApp, changed: string[]): ChecklistItem {
  const title = 'config.toml and secrets.toml';
  const owned = manualSteps(context, planned.app, ['config']);
  const touched = changed.filter((file) => /(^|\/)(\.streamlit\/[^/]+|\.gitignore)$/.test(file));
  // Whether a CLI deploy keeps bindings that snowflake.yml does not list is UNCONFIRMED: list them there too.
  const bindings = planned.secrets.length > 0 && planned.app.definition
    ? `; also list the secrets under \`secrets:\` and ${planned.secretsIntegration} under \`external_access_integrations:\` `
      + `in ${planned.app.definition}, so that a deploy keeps them`
    : '';
  if (owned.length > 0 || bindings) {
    const steps = owned.length > 0 ? stepsText(context, owned) : 'create and bind the secrets (migration.sql, steps 3 and 5)';
    return { title, status: 'needs you', detail: `${steps}${touched.length > 0 ? `; stcodemod changed ${files(touched)}` : ''}${bindings}.` };
  }
  const present = context.paths.inside(planned.app.root).some((file) => /(^|\/)\.streamlit\//.test(file));
  if (touched.length > 0) return { title, status: 'done', detail: `done by stcodemod (${files(touched)}).` };
  if (!present) return { title, status: 'not applicable', detail: 'the app has no .streamlit/ files.' };
  const notRun = notRunText(context, ['config']);
  return { title, status: notRun ? 'needs you' : 'done', detail: `nothing to change.${notRun}` };
}

// ---------------------------------------------------------------------------------------------
// Findings and changes of one app

/** True when this run moved the app's snowflake.yml entity to the container runtime. */
function runtimeSetByRun(context: PlanContext, app: StreamlitApp): boolean {
  if (!app.definition || app.runtime === 'container') return false;
  const definition = readDefinition(context.project, app.definition);
  const entity = definition && !('error' in definition) && isVersion2(definition) ? entityOf(definition, app) : undefined;
  return entity !== undefined && scalarValue(entity.map, 'runtime_name') === CONTAINER_RUNTIME;
}

/** Apps that share a root (several entities of one snowflake.yml) share its files and findings. */
function belongsTo(context: PlanContext, file: string, app: StreamlitApp): boolean {
  const owner = ownerOf(context, file);
  return owner === null || owner === app.root;
}

/** The root of the app whose source tree holds the file; null when none does. */
function ownerOf(context: PlanContext, file: string): string | null {
  let owner = context.owners.get(file);
  if (owner === undefined) {
    owner = context.appAt(file)?.root ?? null;
    context.owners.set(file, owner);
  }
  return owner;
}

/**
 * The app's findings from `sources`: each a transform name (all its findings) or an exact finding
 * code (`deps/python-version`), so an item can claim the steps that are about it; codes in
 * `except` are left to other items.
 */
function ownFindings(context: PlanContext, app: StreamlitApp, sources: string[], except: string[] = []): LocatedFinding[] {
  return findingsOf(context, app).filter((finding) => (sources.includes(finding.source) || sources.includes(finding.code))
    && !except.includes(finding.code));
}

/** The run's findings that are about the app: at its files, at no app's files, or at no file. */
function findingsOf(context: PlanContext, app: StreamlitApp): LocatedFinding[] {
  if (!context.appFindings) {
    const byRoot = new Map(context.apps.map((candidate): [string, LocatedFinding[]] => [candidate.root, []]));
    for (const finding of context.run.findings) {
      const owner = finding.path === undefined ? null : ownerOf(context, finding.path);
      if (owner === null) byRoot.forEach((found) => found.push(finding));
      else byRoot.get(owner)?.push(finding);
    }
    context.appFindings = byRoot;
  }
  return context.appFindings.get(app.root)!;
}

function manualSteps(context: PlanContext, app: StreamlitApp, sources: string[], except: string[] = []): LocatedFinding[] {
  return ownFindings(context, app, sources, except).filter((finding) => finding.kind === 'manual');
}

/** deps findings that belong to other checklist items than the dependency file's. */
const DEPS_STEPS_ELSEWHERE = ['deps/streamlit-version', 'deps/python-version', 'deps/package-source'];

function stepsText(context: PlanContext, findings: LocatedFinding[]): string {
  const numbers = findings.map((finding) => context.steps.get(finding)!).sort((a, b) => a - b);
  return `${numbers.length === 1 ? 'manual step' : 'manual steps'} ${numbers.join(', ')} below`;
}

function notRunText(context: PlanContext, transforms: string[]): string {
  const missing = transforms.filter((name) => !context.run.transforms.includes(name));
  if (missing.length === 0) return '';
  return ` (not checked: stcodemod's ${missing.join(' and ')} transform${missing.length > 1 ? 's' : ''} did not run)`;
}

/**
 * The files the run changed in the app's source tree, sorted. A file inside the app's root
 * always has an owner, so "belongs to the app and lies inside its root" is "owned by its root".
 */
function changesOf(context: PlanContext, app: StreamlitApp): string[] {
  return appChangesOf(context, app).map((change) => change.to ?? change.from!)
    .filter((file) => !isGeneratedPlan(context.project, file)).sort();
}

/** The changes, in run order, that leave a Python file among the app's changed files (changesOf). */
/**
 * The files the run added to an app that no snowflake.yml deploys, for the upload step: an app
 * edited in Snowsight gets only what its owner pastes or uploads, and its code now imports them.
 */
function newFilesText(context: PlanContext, app: StreamlitApp): string {
  const added = appChangesOf(context, app)
    .filter((change) => (change.kind === 'create' || change.kind === 'move') && change.to !== undefined
      && !isGeneratedPlan(context.project, change.to))
    .map((change) => change.to!);
  return added.length === 0 ? '' : `, the files this run added among them (${files(added)}), each where the run put it`;
}

function changedPython(context: PlanContext, app: StreamlitApp): FileChange[] {
  return appChangesOf(context, app)
    .filter((change) => change.to !== undefined && change.to.endsWith('.py'));
}

/** The run's changes whose file (`to`, or `from` for a deletion) is owned by the app's root, in run order. */
function appChangesOf(context: PlanContext, app: StreamlitApp): FileChange[] {
  if (!context.appChanges) {
    const byRoot = new Map<string, FileChange[]>();
    for (const change of context.run.changes) {
      const owner = ownerOf(context, change.to ?? change.from!);
      if (owner === null) continue;
      const found = byRoot.get(owner) ?? [];
      found.push(change);
      byRoot.set(owner, found);
    }
    context.appChanges = byRoot;
  }
  return context.appChanges.get(app.root) ?? [];
}

function pythonFiles(context: PlanContext, app: StreamlitApp): string[] {
  let found = context.appPythonFiles.get(app.root);
  if (!found) {
    const inventory = inventoryOf(context.project);
    found = context.paths.inside(app.root).filter((file) => file.endsWith('.py') && belongsTo(context, file, app)
      && inventory.notAppCode(file) === undefined);
    context.appPythonFiles.set(app.root, found);
  }
  return found;
}

/**
 * True when a line of the text that is not a comment matches. A one-line match in the code is
 * one in the text too, so most texts are ruled out without taking out their comments.
 */
function usedInCode(context: PlanContext, text: string | undefined, pattern: RegExp): boolean {
  return pattern.test(text ?? '') && pattern.test(codeOf(context, text));
}

/** Python text without comment lines: a TODO that names an API is not a use of it. */
function codeOf(context: PlanContext, text: string | undefined): string {
  const source = text ?? '';
  let code = context.code.get(source);
  if (code === undefined) {
    code = codeOnly(source);
    context.code.set(source, code);
  }
  return code;
}

/**
 * The code of a Python text: comments out, and every string literal (a docstring, a code sample
 * shown with st.code) empty, so that only real uses of an API count.
 */
function codeOnly(text: string): string {
  return logicalLines(text)?.map((line) => line.code).join('\n') ?? text;
}

function changedLines(change: FileChange): string {
  const before = new Set((change.before?.text ?? '').split(/\r?\n/));
  const after = new Set((change.after?.text ?? '').split(/\r?\n/));
  return [...[...before].filter((line) => !after.has(line)), ...[...after].filter((line) => !before.has(line))].join('\n');
}

function count(text: string | undefined, word: string): number {
  return (text ?? '').split(word).length - 1;
}

/** The app's environment.yml as it is, or as it was before the run removed it. */
function environmentFile(context: PlanContext, app: StreamlitApp): string | undefined {
  const current = environmentText(context.project, app);
  if (current !== undefined) return current;
  for (const name of ['environment.yml', 'environment.yaml']) {
    const removed = removalOf(context, join(app.root, name));
    if (removed?.before) return removed.before.text;
  }
  return undefined;
}

/** The run's first change that takes the file away from `path` (a deletion or a move). */
function removalOf(context: PlanContext, path: string): FileChange | undefined {
  if (!context.removals) {
    context.removals = new Map();
    for (const change of context.run.changes) {
      if (change.from !== undefined && change.kind !== 'modify' && !context.removals.has(change.from)) {
        context.removals.set(change.from, change);
      }
    }
  }
  return context.removals.get(path);
}

function environmentText(project: Project, app: StreamlitApp): string | undefined {
  for (const name of ['environment.yml', 'environment.yaml']) {
    const text = project.read(join(app.root, name))?.text;
    if (text !== undefined) return text;
  }
  return undefined;
}

/** Conda dependencies beyond Python and what the container image has unpinned. */
function condaPackages(project: Project, text: string | undefined): string[] {
  if (text === undefined) return [];
  const parsed = yamlValue(project, text) as { dependencies?: unknown } | null | undefined;
  const dependencies = Array.isArray(parsed?.dependencies) ? parsed!.dependencies : [];
  return dependencies.filter((dependency): dependency is string => typeof dependency === 'string')
    .filter((dependency) => !/^python\b/.test(dependency) && !/^(streamlit|snowflake-snowpark-python)$/.test(dependency.trim()));
}

function files(list: string[]): string {
  return [...new Set(list)].sort().map((file) => `\`${file}\``).join(', ');
}

// ---------------------------------------------------------------------------------------------
// Rendering

function renderMarkdown(context: PlanContext, planned: PlannedApp[]): string {
  const lines: string[] = [
    '# Migration to the container runtime',
    '',
    'Written by stcodemod from the app as its last run left it; every run that changes the app writes it again,',
    ...(planned.some((app) => app.app.kind !== 'native-app')
      ? ['so keep your notes elsewhere. Run the SQL in `migration.sql` in order, after the steps below that need you.']
      : ['so keep your notes elsewhere.']),
    '',
  ];
  if (context.leftAlone.length > 0) {
    lines.push('## Apps left as they are', '');
    for (const app of context.leftAlone) lines.push(`- ${describeApp(app)} (\`${app.mainFile ?? (app.root || '.')}\`): ${app.leftAlone}.`);
    lines.push('');
  }
  for (const app of planned) {
    lines.push(`## App ${app.heading}`, '');
    lines.push('Snowflake\'s warehouse-to-container checklist:', '');
    for (const item of checklist(context, app)) {
      const box = item.status === 'needs you' ? '[ ]' : '[x]';
      lines.push(`- ${box} **${item.title}** (${item.status}): ${item.detail}`);
      for (const note of item.notes ?? []) lines.push(`  - ${note}`);
    }
    lines.push('');
  }
  lines.push(...nativeReleaseSections(context.project, planned.map((app) => app.app), (app) => stepsOf(context, app)));
  lines.push(...manualStepsSection(context));
  const notes = context.run.findings.filter((finding) => finding.kind === 'warning' || finding.kind === 'error');
  if (notes.length > 0) {
    lines.push('## Warnings', '');
    for (const finding of notes) lines.push(`- ${finding.kind === 'error' ? '**error**: ' : ''}${where(finding)}${finding.message} (\`${finding.code}\`)`);
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * Every manual step by its number, this run's and the earlier plan's that are still open. A
 * step keeps its number across runs, so that a note that says "step 7" stays right.
 */
function manualStepsSection(context: PlanContext): string[] {
  const blocks: { number: number; lines: string[] }[] = [];
  for (const [finding, number] of context.steps) {
    const box = context.ticked.has(finding) ? '[x]' : '[ ]';
    const lines = [`${number}. ${box} ${stepText(finding)}`];
    if (finding.snippet && /\bALTER\s+STREAMLIT\b/i.test(finding.snippet)) {
      // Run apart, its SET would replace the lists migration.sql sets: the plan folds it into its one ALTER.
      lines.push('', '   Its SQL is in migration.sql: steps 2 and 3 create what it needs, and step 5 sets it on the app with',
        '   everything else, in one ALTER STREAMLIT (SET replaces the lists, so a second ALTER would undo the first).');
    } else if (finding.snippet) {
      lines.push('', '   ```sql', ...finding.snippet.replace(/\n$/, '').split('\n').map((l) => `   ${l}`), '   ```');
    }
    blocks.push({ number, lines });
  }
  for (const step of context.carried) blocks.push(step);
  const out = ['## Manual steps', ''];
  if (blocks.length === 0) return [...out, 'None.', ''];
  out.push('Tick a step (`[x]`) once it is done. A later run keeps each step\'s number, and keeps the steps it does not',
    'find again (such as binding the secrets of code it already rewrote) until they are ticked.', '');
  for (const block of blocks.sort((a, b) => a.number - b.number)) out.push(...block.lines);
  return [...out, ''];
}

function where(finding: LocatedFinding): string {
  return finding.path === undefined ? '' : `\`${finding.path}${finding.line ? `:${finding.line}` : ''}\`: `;
}

/**
 * migration.sql: a script to run top to bottom, once its placeholders are filled. Every object is
 * created once and idempotently, one package source is live (the other is a comment), and each app
 * gets one ALTER STREAMLIT that sets everything at once: SET replaces a list, so a second ALTER
 * would undo the first.
 */
function renderSql(context: PlanContext, planned: PlannedApp[]): string {
  const body = [
    ...poolSection(planned), '',
    ...packageSourceSection(planned), '',
    ...secretsSection(planned), '',
    ...rootLocationSection(context, planned), '',
    ...switchSection(planned), '',
    '-- 6. Make the last uploaded version live (Snowflake says so if it already is).',
    ...uniqueObjects(planned).map((app) => `ALTER STREAMLIT ${app.sqlName} ADD LIVE VERSION FROM LAST;`),
  ];
  const placeholders = placeholdersIn(body.filter((line) => !line.startsWith('--')).join('\n'));
  return [
    '-- migration.sql: the SQL that moves the app to the container runtime, in order.',
    '-- Written by stcodemod with MIGRATION.md; every run that changes the app writes it again.',
    ...(placeholders.length > 0 ? [`-- Replace each placeholder first: ${placeholders.join(', ')}.`] : []),
    '-- Run it as a role that may create compute pools and integrations (ACCOUNTADMIN, or a role',
    '-- granted CREATE COMPUTE POOL and CREATE INTEGRATION). The SQL of the manual steps in MIGRATION.md',
    '-- is not repeated here: it is folded into the steps below where it sets the app.',
    '',
    ...body,
  ].join('\n') + '\n';
}

/** One per Streamlit object: two folders whose scripts create the same object are one app in Snowflake. */
function uniqueObjects(planned: PlannedApp[]): PlannedApp[] {
  const seen = new Set<string>();
  return planned.filter((app) => !seen.has(app.sqlName) && Boolean(seen.add(app.sqlName)));
}

function poolSection(planned: PlannedApp[]): string[] {
  const out = ['-- 1. A compute pool for the app, and its owner\'s right to use it. Skip the CREATE to use a pool you have.'];
  for (const pool of [...new Set(planned.map((app) => app.pool))].sort()) {
    out.push(`CREATE COMPUTE POOL IF NOT EXISTS ${pool}`, '  MIN_NODES = 1', '  MAX_NODES = 1', '  INSTANCE_FAMILY = CPU_X64_XS;',
      `GRANT USAGE ON COMPUTE POOL ${pool} TO ROLE ${APP_OWNER_ROLE};`);
  }
  return out;
}

function packageSourceSection(planned: PlannedApp[]): string[] {
  const sources = [...new Set(planned.map((app) => app.packageSource).filter((source): source is PackageSource => source !== undefined))];
  if (sources.length === 0) return ['-- 2. A package source: not needed (no app asks for packages beyond those of the container image).'];
  const out: string[] = [];
  for (const source of sources.sort()) {
    const users = planned.filter((app) => app.packageSource === source);
    const what = source === 'artifact-repository' ? 'Snowflake\'s PyPI artifact repository' : 'PyPI through an external access integration';
    out.push(sqlCommentText(`-- 2. A package source for ${users.map((app) => app.dependencyFile ?? join(app.app.root, 'environment.yml (once converted)')).join(', ')}: ${what}.`),
      ...packageSourceSetup(source));
  }
  if (sources.length === 1) out.push(...packageSourceAlternative(sources[0]));
  return out;
}

/**
 * Step 3: the secrets of the apps' secrets.toml files become Snowflake secrets allowed by one
 * integration per app; the names the code reads with st.secrets are bound in step 5, to the
 * secrets that the app used with _snowflake (placeholders).
 */
function secretsSection(planned: PlannedApp[]): string[] {
  const withToml = planned.filter((app) => app.secrets.length > 0);
  const withCode = planned.filter((app) => app.codeSecrets.length > 0);
  if (withToml.length === 0 && withCode.length === 0) return ['-- 3. Secrets: none found in secrets.toml or read by the code.'];
  const out = ['-- 3. Secrets.'];
  if (withToml.length > 0) {
    out.push('-- The credentials of secrets.toml: paste each value between the quotes here, run it, and do not',
      '-- save the values in this file.');
  }
  for (const app of withToml) {
    out.push(`USE SCHEMA ${app.schema ?? '<DATABASE>.<SCHEMA>'};`);
    for (const { binding, file } of app.secrets) out.push(createSecretSql(binding, file, app.schema));
    const qualified = (name: string) => (app.schema ? `${app.schema}.${name}` : name);
    out.push(`CREATE EXTERNAL ACCESS INTEGRATION IF NOT EXISTS ${app.secretsIntegration}`,
      `  ALLOWED_AUTHENTICATION_SECRETS = (${app.secrets.map(({ binding }) => qualified(binding.secretName)).join(', ')})`,
      '  ENABLED = TRUE;',
      `GRANT USAGE ON INTEGRATION ${app.secretsIntegration} TO ROLE ${APP_OWNER_ROLE};`);
  }
  for (const app of withCode) {
    out.push(`-- ${app.sqlName} reads ${app.codeSecrets.map((name) => `st.secrets["${name}"]`).join(', ')}: in step 5, put the Snowflake`,
      `-- secret of each in place of ${app.codeSecrets.map(secretPlaceholder).join(', ')} (DESCRIBE STREAMLIT ${app.sqlName} lists those`,
      `-- the app has), and in place of ${SECRETS_INTEGRATION} the integration whose ALLOWED_AUTHENTICATION_SECRETS lists them.`);
  }
  return out;
}

function switchSection(planned: PlannedApp[]): string[] {
  const out = ['-- 5. Switch each app (its migrated files are uploaded in step 4). The app takes a few minutes to build its container.'];
  for (const app of uniqueObjects(planned)) {
    const repository = app.packageSource && packageSourceSetting(app.packageSource).artifactRepository;
    const secrets = [
      ...app.secrets.map(({ binding }) => `${sqlString(binding.alias)} = ${app.schema ? `${app.schema}.` : ''}${binding.secretName}`),
      ...app.codeSecrets.map((name) => `${sqlString(name)} = ${secretPlaceholder(name)}`),
    ];
    const settings = [
      `  RUNTIME_NAME = '${CONTAINER_RUNTIME}'`,
      `  COMPUTE_POOL = ${app.pool}`,
      `  QUERY_WAREHOUSE = ${app.warehouse}`,
      ...(repository ? [`  ARTIFACT_REPOSITORIES = (${repository})`] : []),
      ...(app.integrations.length > 0 ? [`  EXTERNAL_ACCESS_INTEGRATIONS = (${app.integrations.join(', ')})`] : []),
      ...(secrets.length > 0 ? [`  SECRETS = (${secrets.join(', ')})`] : []),
    ];
    if (app.integrations.length > 0) {
      out.push(`-- SET replaces the whole list: DESCRIBE STREAMLIT ${app.sqlName} shows the integrations it has; keep them here.`);
    }
    out.push(`ALTER STREAMLIT ${app.sqlName} SET`, ...settings.map((line, index) => (index === settings.length - 1 ? `${line};` : line)));
  }
  return out;
}

/** Step 4: ROOT_LOCATION apps found in SQL files (their CREATE statements), or a template to check. */
function rootLocationSection(context: PlanContext, planned: PlannedApp[]): string[] {
  const found = context.run.findings.filter((finding) => finding.code === 'runtime/root-location' && finding.snippet);
  const out = ['-- 4. Upload the migrated files to each app\'s stage now (`snow streamlit deploy --replace`, PUT, or Snowsight):',
    '--    a CREATE ... FROM below copies the stage as it is when it runs. Apps created with ROOT_LOCATION run only on',
    '--    the warehouse runtime and must be re-created with FROM. CREATE OR REPLACE drops the app\'s grants: note them',
    '--    first (SHOW GRANTS ON STREAMLIT <name>;) and grant them again.'];
  const seen = new Set<string>();
  for (const finding of found) {
    const statement = finding.snippet!.replace(/\n$/, '');
    if (seen.has(statement)) continue;
    seen.add(statement);
    const where = `${finding.path}${finding.line ? `:${finding.line}` : ''}`;
    if (!/\$\w|&\{?\w|\bIDENTIFIER\s*\(/i.test(statement)) {
      out.push(sqlCommentText(`-- From ${where}:`), statement);
      continue;
    }
    // Its session or SnowSQL variables are set by its own script: run on their own, they do not exist.
    out.push(sqlCommentText(`-- From ${where}, which sets the variables it uses: run it there, after uploading the files.`),
      ...statement.split('\n').map((line) => `--   ${line}`));
  }
  if (found.length === 0) {
    out.push('--    Check each app: DESCRIBE STREAMLIT shows a root_location column only for those. If it does:');
    for (const app of planned) {
      const mainFile = app.app.mainFile ? posix.relative(app.app.root, app.app.mainFile) : 'streamlit_app.py';
      out.push(`--    DESCRIBE STREAMLIT ${app.sqlName};`,
        `--    CREATE OR REPLACE STREAMLIT ${app.sqlName}`,
        '--      FROM \'<root_location from DESCRIBE>\'',
        sqlCommentText(`--      MAIN_FILE = ${sqlString(mainFile)}`),
        `--      QUERY_WAREHOUSE = ${app.warehouse};`);
    }
  }
  return out;
}


