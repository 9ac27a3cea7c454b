/**
 * The Native App part of the migration plan. A Native App's Streamlit is created in each
 * consumer's account by the setup script, so it moves to the container runtime when consumers
 * install or upgrade to the version the provider releases: nothing of it runs in the provider's
 * account. Its checklist keeps Snowflake's items about code and dependencies and replaces those
 * about deploying (Snowflake CLI, a pool of the owner's, ALTER STREAMLIT) with what the setup
 * script does; each Native App then gets a release section. None of its SQL goes into
 * migration.sql, which holds the provider's account-level SQL.
 * Every state comes from the files as the run leaves them and from the findings, as in plan.ts.
 */
import { containerDependencyFile, isInside } from '../../src/app-layout';
import { StreamlitApp } from '../../src/inventory';
import { notDeployed, streamlitSource } from '../../src/inventory/declared';
import { isGeneratedPlan } from '../../src/plan-files';
import { findNativeApps, NativeApp } from '../../src/native-app/manifest';
import { runtimeOf } from '../../src/native-app/checks';
import { createsObject, loadSetupScripts, SetupScripts, SetupStatement } from '../../src/native-app/setup-scripts';
import { containerPrivileges, INTEGRATION_PRIVILEGE, POOL_PRIVILEGES } from '../../src/native-app/streamlit-migration';
import { Project } from '../../src/project';
import { CONTAINER_RUNTIME } from '../../src/snowflake-definition';
import { findProperty, findWords, listPropertyItems, nameKey, parseNameString } from '../../src/sql';

type Status = 'done' | 'needs you' | 'not applicable';

interface Item {
  title: string;
  status: Status;
  detail: string;
}

/** "manual steps 3, 4 below" for the app's manual findings of these transforms or codes, if it has any. */
export type StepsOf = (sources: string[]) => string | undefined;

/** A Native App of the project, its setup scripts, and the CREATE STREAMLIT statements of each of its apps. */
interface NativeFacts {
  native: NativeApp;
  scripts: SetupScripts;
}

const cache = new WeakMap<Project, NativeFacts[]>();

function nativeApps(project: Project): NativeFacts[] {
  let found = cache.get(project);
  if (!found) {
    found = findNativeApps(project).apps.map((native) => ({ native, scripts: loadSetupScripts(project, native) }));
    cache.set(project, found);
  }
  return found;
}

/** The Native App whose setup scripts create the app, and the statements that do. */
function creatorOf(project: Project, app: StreamlitApp): { facts: NativeFacts; creates: SetupStatement[] } | undefined {
  const key = app.name === undefined ? undefined : parseNameString(app.name);
  for (const facts of nativeApps(project)) {
    const creates = facts.scripts.statements.filter((at) => at.described.kind === 'create' && at.described.type.name === 'STREAMLIT'
      && app.createdBy.some((location) => location.path === at.file.path)
      && key !== undefined && at.described.name !== undefined && nameKey(at.described.name.parts) === nameKey(key));
    if (creates.length > 0) return { facts, creates };
  }
  return undefined;
}

/** The titles of plan.ts's items about deploying a standalone app, which a Native App's setup script replaces. */
const REPLACED = {
  from: 'Created with FROM, not ROOT_LOCATION',
  cli: 'Snowflake CLI 3.14.0 or later',
  pool: 'Compute pool',
  packages: 'External access integration or artifact repository for packages',
  switch: 'Switch the app: RUNTIME_NAME, COMPUTE_POOL, QUERY_WAREHOUSE',
};

/** A Native App Streamlit's checklist: plan.ts's items, with those about deploying replaced by the setup script's. */
export function nativeAppChecklist(project: Project, app: StreamlitApp, items: Item[], steps: StepsOf): Item[] {
  const creator = creatorOf(project, app);
  if (!creator) return items;
  const { facts, creates } = creator;
  const at = (statement: SetupStatement) => `\`${statement.file.path}:${statement.statement.line}\``;
  const where = creates.map(at).join(', ');
  const replaced: Record<string, Item | undefined> = {
    [REPLACED.from]: fromItem(creates, where),
    [REPLACED.cli]: deployItem(project, facts, app, creates[0]),
    [REPLACED.pool]: poolItem(facts, creates, where, steps),
    [REPLACED.packages]: packagesItem(facts, creates, items.find((item) => item.title === REPLACED.packages), steps),
    [REPLACED.switch]: switchItem(facts, creates, where, steps),
  };
  return items.flatMap((item) => (item.title in replaced ? (replaced[item.title] ? [replaced[item.title]!] : []) : [item]));
}

/**
 * The app's dependency file and the files the run created in its source folder (a session module,
 * a REST helper) reach the Streamlit only when the application package deploys them: under the
 * folder its CREATE STREAMLIT names in FROM, through snowflake.yml's artifacts or beside the
 * manifest.
 */
function deployItem(project: Project, facts: NativeFacts, app: StreamlitApp, create: SetupStatement): Item {
  const title = 'Files the application package deploys';
  const dependencyFile = containerDependencyFile(project, app);
  const created = project.createdPaths().filter((path) => isInside(path, app.root) && !isGeneratedPlan(project, path));
  const files = [...new Set([...(dependencyFile ? [dependencyFile] : []), ...created])].sort();
  if (files.length === 0) return { title, status: 'not applicable', detail: 'the run added no file the Streamlit reads.' };
  const from = streamlitSource(create.statement.tokens) ?? '/';
  const missing = notDeployed(project, facts.native, from, app.root, files);
  const listed = (list: string[]) => list.map((file) => `\`${file}\``).join(', ');
  return missing.length === 0
    ? { title, status: 'done', detail: `${listed(files)} ${files.length === 1 ? 'lands' : 'land'} beside the Streamlit's files in the application package.` }
    : { title, status: 'needs you', detail: `add ${listed(missing)} to the files the application package deploys (snowflake.yml's`
      + ` artifacts), so that ${missing.length === 1 ? 'it lands' : 'they land'} under ${from.replace(/^\/*/, '/')} on the stage.` };
}

function fromItem(creates: SetupStatement[], where: string): Item {
  const title = REPLACED.from;
  const rootLocation = creates.some((at) => findProperty(at.statement.tokens, 'ROOT_LOCATION'));
  return rootLocation
    ? { title, status: 'needs you', detail: `the setup script still creates it with ROOT_LOCATION (${where}): use FROM '<path in the application package>'.` }
    : { title, status: 'done', detail: `the setup script creates it FROM a path of the application package (${where}).` };
}

function poolItem(facts: NativeFacts, creates: SetupStatement[], where: string, steps: StepsOf): Item {
  const title = 'Compute pool of the app';
  const pools = [...new Set(creates.map((at) => findProperty(at.statement.tokens, 'COMPUTE_POOL')?.value[0]?.text).filter(Boolean))];
  const created = pools.filter((pool) => createsObject(facts.scripts, 'COMPUTE POOL', pool!));
  if (pools.length === 0 || created.length !== pools.length) {
    return { title, status: 'needs you', detail: `give the CREATE STREAMLIT (${where}) COMPUTE_POOL = <a pool the setup script creates>`
      + ' (a literal name: CREATE COMPUTE POOL IF NOT EXISTS ... before it).' };
  }
  const named = steps(['native-app/compute-pool-name']);
  return { title, status: 'done', detail: `the setup script creates \`${created.join('`, `')}\` in each consumer's account, and the`
    + ` Streamlit runs there (${where}); consumers pay for it, and the manifest requests ${POOL_PRIVILEGES.join(' and ')}.`
    + ' Check that the name is the app\'s own (see the warning below)' + (named ? `; ${named}.` : '.') };
}

function packagesItem(facts: NativeFacts, creates: SetupStatement[], original: Item | undefined, steps: StepsOf): Item {
  const title = 'External access integration for packages';
  const integrations = creates.flatMap((at) => listPropertyItems(at.file.text, at.statement, 'EXTERNAL_ACCESS_INTEGRATIONS') ?? []);
  const created = integrations.filter((name) => createsObject(facts.scripts, 'EXTERNAL ACCESS INTEGRATION', name));
  if (created.length > 0) {
    return { title, status: 'done', detail: `the setup script creates \`${created.join('`, `')}\` on a PyPI network rule and asks the`
      + ' consumer to approve PyPI access (ALTER APPLICATION SET SPECIFICATION); the manifest requests'
      + ` ${INTEGRATION_PRIVILEGE}. Until a consumer approves, the Streamlit cannot install its packages.` };
  }
  if (original?.status === 'not applicable') return { ...original, title };
  const owned = steps(['native-app', 'deps/package-source']);
  return { title, status: 'needs you', detail: 'the app\'s dependency file needs PyPI: the setup script must create a network rule,'
    + ' an external access integration on the Streamlit and an app specification the consumer approves'
    + (owned ? ` (${owned}).` : '.') };
}

function switchItem(facts: NativeFacts, creates: SetupStatement[], where: string, steps: StepsOf): Item {
  const title = 'Switch the app: RUNTIME_NAME, COMPUTE_POOL, QUERY_WAREHOUSE in the setup script';
  const switched = creates.every((at) => runtimeOf(at.statement) === CONTAINER_RUNTIME && findProperty(at.statement.tokens, 'QUERY_WAREHOUSE'));
  const owned = steps(['native-app/vendor-import', 'native-app/dependency-file-not-deployed', 'native-app/left-alone',
    'versioned-schema/streamlit-if-not-exists']);
  if (!switched || owned) {
    return { title, status: 'needs you', detail: `${switched ? '' : `give the CREATE STREAMLIT (${where}) RUNTIME_NAME =`
      + ` '${CONTAINER_RUNTIME}', COMPUTE_POOL and QUERY_WAREHOUSE`}${owned ? `${switched ? '' : '; '}${owned}` : ''}.` };
  }
  return { title, status: 'done', detail: `the setup script creates it on the container runtime (${where}); consumers get it when`
    + ` they install or upgrade to the version you release (see "Release the Native App ${facts.native.manifest}").` };
}

/**
 * One section per Native App whose Streamlit the run migrates: what the provider must release,
 * and why a patch is not enough when the release also changes state.
 */
export function nativeReleaseSections(project: Project, apps: StreamlitApp[], stepsOf: (app: StreamlitApp) => StepsOf): string[] {
  const lines: string[] = [];
  const done = new Set<string>();
  for (const app of apps) {
    const creator = creatorOf(project, app);
    if (!creator || done.has(creator.facts.native.manifest)) continue;
    done.add(creator.facts.native.manifest);
    lines.push(...releaseSection(creator.facts, stepsOf(app)(['native-app/release'])));
  }
  return lines;
}

function releaseSection({ native, scripts }: NativeFacts, releaseSteps: string | undefined): string[] {
  const wanted = containerPrivileges(scripts);
  const missing = wanted.filter((privilege) => !native.privileges.includes(privilege));
  const manifestDone = native.manifestVersion === 2 && missing.length === 0;
  const specification = scripts.statements.some((at) => findWords(at.statement.tokens, ['SPECIFICATION']) !== -1);
  const version = native.versionName
    ? `register it under a new version name (\`version.name\` in ${native.manifest} is \`${native.versionName}\`: change it, or`
      + ' name the version when you register it with'
    : 'register it as a new version (with';
  const box = (status: Status) => (status === 'needs you' ? '[ ]' : '[x]');
  const items: Item[] = [
    manifestDone
      ? { title: 'manifest.yml: manifest_version 2 and the privileges', status: 'done', detail: `${native.manifest} requests`
        + ` ${wanted.join(', ')}. With manifest_version 2 Snowflake grants the privileges a manifest lists when the app is`
        + ' installed or upgraded, so the setup script can create the pool and the rest.' }
      : { title: 'manifest.yml: manifest_version 2 and the privileges', status: 'needs you', detail: `set manifest_version: 2 in`
        + ` ${native.manifest}${missing.length > 0 ? ` and request ${missing.join(', ')}` : ''}.` },
    { title: 'Release a new version, not a patch', status: 'needs you', detail: `${version} \`snow app version create <version>\``
      + ' or ALTER APPLICATION PACKAGE ... REGISTER VERSION), then point the release directive of each release channel at it.'
      + ' A new version, because the runtime, the manifest\'s version and privileges,'
      + ' and the pool and warehouse the setup script creates change what every consumer grants and pays for. A patch is not'
      + ' enough whenever a release changes state (tables, columns, stages): during an upgrade the running version\'s code'
      + ' keeps reading that state, and every patch of one version must leave the same state behind'
      + ` (\`upgrade-check\` reports it as state-change-in-patch)${releaseSteps ? `; ${releaseSteps}` : ''}.` },
    { title: 'Test the upgrade', status: 'needs you', detail: `run \`stcodemod upgrade-check --from <released version> ${native.root || '.'}\``
      + ' (a git tag or the released folder); then install the released version in a test account, upgrade it to the new one,'
      + ' and open the Streamlit: the container runtime is a Preview in Native Apps, and the first start builds its container'
      + ' for a few minutes.' },
    specification
      ? { title: 'Tell consumers what to approve', status: 'needs you', detail: 'after installing or upgrading, each consumer'
        + ' approves the app specification that allows PyPI (Snowsight shows it on the app\'s page; SHOW SPECIFICATIONS IN'
        + ' APPLICATION <app> lists it). Until then the Streamlit cannot install its packages, and it cannot ask for the'
        + ' approval itself (the permission SDK is one of those packages): say so in the app\'s installation instructions.'
        + ' The app\'s compute pool and warehouse run in their account, at their cost.' }
      : { title: 'Tell consumers what changes', status: 'needs you', detail: 'the app\'s compute pool and warehouse run in'
        + ' their account, at their cost.' },
  ];
  return [
    `## Release the Native App \`${native.manifest}\``,
    '',
    'Its setup script and manifest now move its Streamlit to the container runtime in each consumer\'s account when they',
    'install or upgrade to the version you release. None of this runs in your account: migration.sql holds none of it.',
    '',
    ...items.map((item) => `- ${box(item.status)} **${item.title}** (${item.status}): ${item.detail}`),
    '',
  ];
}
