/**
 * # snowflake-module
 *
 * ## What it does
 * Replaces the private `_snowflake` module, which the container runtime does not have:
 *
 * - `get_generic_secret_string(name)` and `get_username_password(name)` become `st.secrets[name]`
 *   (a nested secret answers `.username` / `.password` as attributes, as before), with one manual
 *   step per app giving the `ALTER STREAMLIT ... SECRETS = (...)` that binds those names.
 * - `get_oauth_access_token`, `get_cloud_provider_token` and `get_secret_type` become calls of
 *   stored procedures that still read the secret with `_snowflake`; the procedures are written
 *   to `stcodemod_secret_procedures.sql` at the app root, and creating them is a manual step.
 * - `send_snow_api_request` is served by a generated `snowflake_api.py` next to the app's entry
 *   file, which takes the same arguments and returns the same dict, so the code reading
 *   `resp["status"]` or `json.loads(resp["content"])` is unchanged: a stream of server-sent events
 *   (Cortex Agents) comes back as the JSON array of events `_snowflake` gave (runtime facts,
 *   section 9). `import _snowflake` becomes `import snowflake_api` where the module made such
 *   calls. A helper an earlier version generated, which returned a stream's raw text, is
 *   regenerated when it was not edited, and reported when it was.
 * - Imports of `_snowflake` are removed once nothing uses them. Any other use stays, with its
 *   import, as a manual step.
 * - Tests that only the warehouse runtime passes (`os.environ["HOME"] == "/home/udf"`,
 *   `"_snowflake" in sys.modules`, `os.getcwd() == ...`) are manual steps: on the container
 *   runtime they say "not in Snowflake", and the app silently takes its local branch.
 *
 * ## Why
 * `_snowflake` exists only in UDFs, stored procedures and the warehouse runtime that runs apps as
 * stored procedures (runtime facts, section 4). On the container runtime `import _snowflake`
 * fails; secrets come through `st.secrets` once bound to the app (section 2), and REST calls use
 * the container's session token file.
 *
 * ## Example
 *     import _snowflake
 *     key = _snowflake.get_generic_secret_string("api_key")
 *     resp = _snowflake.send_snow_api_request("POST", path, {}, {}, body, None, 30000)
 * becomes
 *     import snowflake_api
 *     import streamlit as st
 *     key = st.secrets["api_key"]
 *     resp = snowflake_api.send_snow_api_request("POST", path, {}, {}, body, None, 30000)
 *
 * ## Fix safety
 * Not safe on its own: the rewritten reads work once the SQL of the manual steps has run. Code
 * that fell back on `except ImportError` keeps falling back: the helper module raises
 * ImportError outside the container runtime, and a handler around a rewritten secret read is
 * widened to the KeyError / FileNotFoundError that `st.secrets` raises (reported). A removed
 * import whose `except ImportError` branch did something else is reported. No secret value is
 * ever read or written: only secret names.
 */
import { createHash } from 'node:crypto';
import * as posix from 'node:path/posix';
import { inventoryOf, StreamlitApp } from '../../src/inventory';
import { APP_NAME, APP_SCHEMA } from '../../src/placeholders';
import { Finding } from '../../src/findings';
import { generatedModuleLocation, generatedPath } from '../../src/generated-files';
import { PathIndex } from '../../src/path-index';
import { Project } from '../../src/project';
import { detectLineEnding, LineEnding, withLineEnding } from '../../src/text-file';
import { commitPythonModule, freeParsedTrees, openPythonModule } from '../../src/python/files';
import { PythonModule } from '../../src/python/module';
import { sqlObjectName, sqlString } from '../../src/sql';
import { Reporter, RunOptions, Transform } from '../../src/transform';
import { analyzeModule, mentionsModule, ModuleAnalysis, MODULE, Use } from './analysis';
import {
  BoundSecret, bindSecretsSql, HELPER_BASE_NAME, helperModuleText, isGeneratedHelper, isGeneratedSql, PLACEHOLDER_SECRET_NAME,
  ProcedureNeed, procedureFileText, procedureStatements, SQL_BASE_NAME, SSE_PARSER,
} from './generated';
import { AppStep, rewriteModule } from './rewrite';
import { findWarehouseChecks, mentionsWarehouseCheck, WarehouseCheck } from './warehouse-checks';

const NAME = 'snowflake-module';

export const snowflakeModule: Transform = {
  name: NAME,
  summary: 'Replace the private _snowflake module: st.secrets, a REST helper module, stored procedures for other secrets',
  touches: '*.py; creates snowflake_api.py and stcodemod_secret_procedures.sql',
  safe: false,
  async project(project, report, options) {
    updateRawEventHelpers(project, report);
    restoreMissingHelpers(project, report);
    const candidates = candidatePaths(project);
    if (candidates.length === 0) return;
    // One sorted index for the whole hook: the free file names of every app are looked up in it.
    const paths = new PathIndex(project.paths());
    // App by app, so that only one app's parsed modules are held at a time.
    for (const [app, appPaths] of groupByApp(project, candidates)) {
      const plans = await planModules(project, appPaths);
      if (plans.length > 0) migrateApp(project, paths, { app, plans }, report, options);
    }
  },
};

/**
 * The REST helper as stcodemod generated it before it parsed server-sent events (its module name
 * as `{module}`, LF line breaks): it returned a stream's raw text where `_snowflake` returned a
 * JSON array of events, which broke the apps that `json.loads` it (Cortex Agents).
 */
const RAW_EVENTS_HELPER_SHA256 = '5ba4f0fc95ca43b2abbc435a0624d5130ce6ea5709ac9a9468745f59c2a6197b';
const HELPER_FILE = new RegExp(`(^|/)${HELPER_BASE_NAME}(_\\d+)?\\.py$`);

/**
 * A helper an earlier version generated and nobody edited since is brought up to date (it is
 * ours, byte for byte); an edited one is reported, since stcodemod never overwrites an edit.
 */
function updateRawEventHelpers(project: Project, report: Reporter): void {
  const inventory = inventoryOf(project);
  for (const path of project.paths()) {
    if (!HELPER_FILE.test(path) || !inventory.visitsPython(path)) continue;
    const text = project.read(path)?.text;
    if (text === undefined || !isGeneratedHelper(text) || text.includes(SSE_PARSER)) continue;
    const module = posix.basename(path, '.py');
    const normalized = text.replace(/\r\n?/g, '\n').split(module).join('{module}');
    if (createHash('sha256').update(normalized).digest('hex') === RAW_EVENTS_HELPER_SHA256) {
      const eol = detectLineEnding(text);
      project.write(path, withLineEnding(helperModuleText(module), eol), eol);
      report.info({
        code: 'helper-updated',
        path,
        message: `${path} came from an earlier stcodemod, unedited: it returned the raw text of streaming answers `
          + '(Cortex Agents), where _snowflake returned a JSON array of events; it was regenerated to parse them',
      });
      continue;
    }
    report.warn({
      code: 'helper-outdated',
      path,
      message: `${path} came from an earlier stcodemod and was edited since, so it is left as it is: it returns the raw `
        + 'text of streaming answers (Cortex Agents), where _snowflake returned a JSON array of {"event", "data"} objects: '
        + `add the event parsing of the helper stcodemod writes now (${SSE_PARSER}; run stcodemod on a copy of the app `
        + 'without this file to get it)',
    });
  }
}

/**
 * A helper that app code imports but that is gone (deleted by hand, or never written by a run
 * that was stopped) is written again: the code that imports it was rewritten for it, and without
 * it the app fails at start-up with ModuleNotFoundError.
 */
function restoreMissingHelpers(project: Project, report: Reporter): void {
  const inventory = inventoryOf(project);
  const paths = new PathIndex(project.paths());
  for (const app of inventory.appsToMigrate()) {
    const helper = generatedModuleLocation(project, paths, app, HELPER_BASE_NAME, isGeneratedHelper);
    if (project.has(helper.path)) continue;
    const imports = new RegExp(`^[ \\t]*(import[ \\t]+${helper.module}\\b|from[ \\t]+${helper.module}[ \\t]+import\\b)`, 'm');
    const importer = paths.inside(app.root).find((path) => path.endsWith('.py') && inventory.appOf(path) === app
      && inventory.visitsPython(path) && imports.test(project.peekText(path) ?? ''));
    if (!importer) continue;
    const eol = detectLineEnding(project.peekText(importer) ?? '');
    project.write(helper.path, withLineEnding(helperModuleText(helper.module), eol), eol);
    report.warn({
      code: 'helper-restored',
      path: helper.path,
      message: `written again: ${importer} imports ${helper.module}, which was missing (the app would fail at start-up with ModuleNotFoundError)`,
    });
  }
}

interface ModulePlan {
  module: PythonModule;
  analysis: ModuleAnalysis;
  uses: Use[];
  /** Tests for the warehouse runtime, reported (warehouse-checks.ts). */
  checks: WarehouseCheck[];
}

interface AppWork {
  app?: StreamlitApp;
  plans: ModulePlan[];
}

/**
 * The texts found to need nothing, by path, per project: the hook runs once per pass, and a file
 * that needed nothing and has not changed since still needs nothing (its findings, if any, were
 * logged the first time), so it is not parsed again.
 */
const settledTexts = new WeakMap<Project, Map<string, string>>();

function settledTextsOf(project: Project): Map<string, string> {
  const settled = settledTexts.get(project) ?? new Map<string, string>();
  settledTexts.set(project, settled);
  return settled;
}

/** The Python files that mention the module and have not been found to need nothing. */
function candidatePaths(project: Project): string[] {
  const settled = settledTextsOf(project);
  const inventory = inventoryOf(project);
  return project.paths().filter((path) => {
    if (!path.endsWith('.py') || !inventory.visitsPython(path)) return false;
    // A look at the text, not a read: most files of a large repository never mention the module.
    const text = project.peekText(path);
    return text !== undefined && settled.get(path) !== text && (mentionsModule(text) || mentionsWarehouseCheck(text));
  });
}

async function planModules(project: Project, paths: string[]): Promise<ModulePlan[]> {
  const plans: ModulePlan[] = [];
  const settled = settledTextsOf(project);
  for (const path of paths) {
    await freeParsedTrees();
    const plan = planModule(project, path);
    if (plan) plans.push(plan);
    else settled.set(path, project.peekText(path)!);
  }
  return plans;
}

function planModule(project: Project, path: string): ModulePlan | undefined {
  const module = openPythonModule(project, path);
  if (!module) return undefined;
  const analysis = analyzeModule(module);
  const uses = [...analysis.groups.flatMap((group) => group.uses), ...analysis.stray]
    .sort((a, b) => a.node.startIndex - b.node.startIndex);
  const checks = findWarehouseChecks(module);
  return analysis.groups.length > 0 || uses.length > 0 || checks.length > 0 ? { module, analysis, uses, checks } : undefined;
}

function groupByApp(project: Project, paths: string[]): Map<StreamlitApp | undefined, string[]> {
  const inventory = inventoryOf(project);
  const appAt = (path: string) => inventory.appOf(path);
  const groups = new Map<StreamlitApp | undefined, string[]>();
  for (const path of paths) {
    const app = appAt(path);
    groups.set(app, [...(groups.get(app) ?? []), path]);
  }
  return groups;
}

/** `paths`: the project's paths, kept up to date with the files this hook writes. */
function migrateApp(project: Project, paths: PathIndex, work: AppWork, report: Reporter, options: RunOptions): void {
  // A name no quoting makes safe stays the placeholder, which the steps already ask to fill in.
  const appName = (work.app?.name && !work.app.name.includes('<%') && sqlObjectName(work.app.name)) || APP_NAME;
  const helper = generatedModuleLocation(project, paths, work.app, HELPER_BASE_NAME, isGeneratedHelper);
  const sqlPath = generatedPath(project, paths, work.app?.root ?? '', SQL_BASE_NAME, '.sql', isGeneratedSql);
  const secrets = boundSecrets(work.plans);
  const procedures = procedureNeeds(work.plans);
  const existingSql = project.has(sqlPath) ? project.read(sqlPath)?.text : undefined;
  const steps = appSteps(work, {
    appName, helperPath: helper.path, sqlPath, secrets, procedures, existingSql,
  });

  let helperUsed = false;
  let proceduresUsed = false;
  // Generated files take the line ending of the first of the app's files that uses them.
  let eol: LineEnding | undefined;
  for (const plan of work.plans) {
    const findings: Finding[] = [];
    const reporter = new Reporter(NAME, (finding) => findings.push(finding)).forModule(plan.module, options.annotate);
    let usesHelper: boolean;
    try {
      usesHelper = rewriteModule(plan.module, plan.analysis, {
        helperModule: helper.module,
        steps: steps.filter((step) => step.node.tree === plan.module.tree),
      }, reporter);
      for (const check of plan.checks) reporter.manualAt(check.node, { code: 'warehouse-check', message: check.message });
    } catch (error) {
      // Two edits of one range are a bug; the file is left as it was rather than the run stopped.
      report.error({
        code: 'internal-error',
        path: plan.module.path,
        message: `the file was left untouched: ${(error as Error).message} (please report this as a bug)`,
      });
      continue;
    }
    const committed = commitPythonModule(project, plan.module, NAME, findings) !== undefined;
    const usesProcedures = plan.uses.some((use) => use.kind === 'procedure');
    if (committed && (usesHelper || usesProcedures)) eol ??= plan.module.eol;
    helperUsed ||= committed && usesHelper;
    proceduresUsed ||= committed && usesProcedures;
  }

  if (helperUsed && !project.has(helper.path)) {
    project.write(helper.path, withLineEnding(helperModuleText(helper.module), eol ?? '\n'), eol);
    paths.add(helper.path);
    if (helper.guessed) {
      report.warn({
        code: 'helper-location',
        path: helper.path,
        message: `the app's entry file is unknown, so ${posix.basename(helper.path)} was put at the app root; it must sit `
          + `next to the entry file for \`import ${helper.module}\` to work: move it there if the entry file is elsewhere`,
      });
    }
  }
  if (proceduresUsed && existingSql === undefined) {
    project.write(sqlPath, withLineEnding(procedureFileText(appName, procedures), eol ?? '\n'), eol);
    paths.add(sqlPath);
  }
}

interface SecretsNeeded {
  secrets: BoundSecret[];
  computed: boolean;
}

function boundSecrets(plans: ModulePlan[]): SecretsNeeded {
  const byName = new Map<string, BoundSecret>();
  let computed = false;
  for (const use of plans.flatMap((plan) => plan.uses)) {
    if (use.kind !== 'secret') continue;
    if (use.name === undefined) {
      computed = true;
      continue;
    }
    const secret = byName.get(use.name) ?? { name: use.name, password: false };
    secret.password ||= use.function === 'get_username_password';
    byName.set(use.name, secret);
  }
  return { secrets: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)), computed };
}

function procedureNeeds(plans: ModulePlan[]): ProcedureNeed[] {
  const needs = new Map<string, ProcedureNeed>();
  for (const use of plans.flatMap((plan) => plan.uses)) {
    if (use.kind !== 'procedure') continue;
    const need = needs.get(use.procedure.function) ?? { kind: use.procedure, secretNames: new Set(), computedNames: false };
    if (use.name === undefined) need.computedNames = true;
    else need.secretNames.add(use.name);
    needs.set(use.procedure.function, need);
  }
  return [...needs.values()].sort((a, b) => a.kind.procedure.localeCompare(b.kind.procedure));
}

interface AppFacts {
  appName: string;
  helperPath: string;
  sqlPath: string;
  secrets: SecretsNeeded;
  procedures: ProcedureNeed[];
  existingSql?: string;
}

/** The findings about the whole app, each placed at the app's first use of what it is about. */
function appSteps(work: AppWork, facts: AppFacts): AppStep[] {
  const uses = work.plans.flatMap((plan) => plan.uses);
  const steps: AppStep[] = [];
  const firstSecret = uses.find((use) => use.kind === 'secret');
  if (firstSecret) steps.push({ node: firstSecret.node, kind: 'manual', finding: bindSecretsFinding(facts) });
  const firstProcedure = uses.find((use) => use.kind === 'procedure');
  if (firstProcedure) steps.push({ node: firstProcedure.node, kind: 'manual', finding: proceduresFinding(facts) });
  const firstApi = uses.find((use) => use.kind === 'api');
  if (firstApi) {
    steps.push({
      node: firstApi.node,
      kind: 'warn',
      finding: {
        code: 'api-headers',
        message: `send_snow_api_request now comes from ${facts.helperPath}, which sends only the call's headers and `
          + `the session token; which headers ${MODULE} added is undocumented (UNCONFIRMED): if an endpoint answers `
          + 'in another format than before, pass an Accept header. A stream of server-sent events (Cortex Agents) comes '
          + `back as the JSON array of {"event", "data"} objects that public apps read from ${MODULE} (its format is `
          + 'undocumented too), with the raw text in resp["raw_content"]',
      },
    });
  }
  return steps;
}

function bindSecretsFinding(facts: AppFacts): AppStep['finding'] {
  const { secrets, computed } = facts.secrets;
  const names = secrets.map((secret) => sqlString(secret.name));
  if (computed) names.push('the names computed at run time (put them in place of ' + sqlString(PLACEHOLDER_SECRET_NAME) + ')');
  return {
    code: 'bind-secrets',
    message: `bind ${names.join(', ')} to the app: on the container runtime st.secrets holds only the secrets bound `
      + 'to the Streamlit object, with an external access integration that allows them',
    snippet: bindSecretsSql(facts.appName, secrets, computed),
  };
}

function proceduresFinding(facts: AppFacts): AppStep['finding'] {
  const kinds = facts.procedures.map((need) => need.kind.function).join(', ');
  const statements = [`USE SCHEMA ${APP_SCHEMA};`, ...facts.procedures.map(procedureStatements)].join('\n\n');
  const common = `the container runtime cannot read these secrets itself (${kinds}), so the calls now go through `
    + 'stored procedures that read them with _snowflake, called with the app\'s Snowpark session';
  if (facts.existingSql !== undefined && !coveredBy(facts.existingSql, facts.procedures)) {
    return {
      code: 'update-secret-procedures',
      message: `${common}; ${facts.sqlPath} exists from an earlier run and lacks some of them or their secrets: merge `
        + 'the statements below into it, fill in the placeholders and run them in the app\'s schema',
      snippet: statements,
    };
  }
  return {
    code: 'create-secret-procedures',
    message: `${common}: fill in the placeholders of ${facts.sqlPath} and run it in the app's schema`,
    snippet: statements,
  };
}

/** True when an earlier SQL file creates every procedure with every secret name this run needs. */
function coveredBy(sql: string, needs: ProcedureNeed[]): boolean {
  return needs.every((need) => new RegExp(`PROCEDURE\\s+${need.kind.procedure}\\s*\\(`, 'i').test(sql)
    && [...need.secretNames].every((name) => sql.includes(`${sqlString(name)} =`)));
}
