/**
 * One run over one project: compute every change in memory, then (when writing) write them all
 * at once. The two halves are apart so that the CLI can compute the runs of several projects
 * before it writes any, and can stop before the write when asked to (interrupt.ts).
 */
import * as path from 'node:path';
import { discoverFiles, Excluded } from './discovery';
import { FindingLog } from './findings';
import { inventoryOf, RunScope, takeInventory, WHOLE_TARGET } from './inventory';
import { EngineOptions } from './parallel';
import { Project } from './project';
import { RunMode, RunResult, skippedPaths } from './report';
import { runTransforms } from './runner';
import { RunOptions, Transform } from './transform';
import { writeChanges } from './writer';

export const EXIT_OK = 0;
export const EXIT_PENDING_CHANGES = 1;
export const EXIT_ERROR = 2;
/** A run stopped by SIGINT or SIGTERM (128 + 2, as shells report it). */
export const EXIT_INTERRUPTED = 130;

/** What a run covers: the inventory's scope, and the paths the configuration leaves out. */
export type MigrationScope = RunScope & { exclude?: Excluded };

/** A run whose changes are computed and not yet written. */
export interface ComputedRun {
  root: string;
  project: Project;
  transforms: Transform[];
  /** Findings the user's comments silenced. */
  suppressed: number;
}

/**
 * Runs transforms over a folder (or the given files in it) and, in write mode, writes the result.
 * Dry runs and checks take exactly the same path and stop before the write.
 */
export async function migrate(
  root: string,
  files: string[] | undefined,
  transforms: Transform[],
  options: RunOptions,
  mode: RunMode,
  engine: EngineOptions = { jobs: 1 },
  scope: MigrationScope = WHOLE_TARGET,
): Promise<RunResult> {
  return finishRun(await computeRun(root, files, transforms, options, engine, scope), mode, engine);
}

export async function computeRun(
  root: string,
  files: string[] | undefined,
  transforms: Transform[],
  options: RunOptions,
  engine: EngineOptions = { jobs: 1 },
  scope: MigrationScope = WHOLE_TARGET,
): Promise<ComputedRun> {
  const findings = new FindingLog();
  engine.progress?.stage('reading files');
  const project = new Project(root, files ?? discoveredFiles(root, scope, findings), findings);
  engine.progress?.stage('finding apps');
  takeInventory(project, scope);
  reportUnknownApps(project, options);
  const { suppressed } = await runTransforms(project, transforms, options, engine);
  return { root, project, transforms, suppressed };
}

/** Writes a computed run (in write mode) and sums it up. */
export function finishRun(run: ComputedRun, mode: RunMode, engine: EngineOptions = { jobs: 1 }): RunResult {
  const { project, root } = run;
  const findings = project.findings;
  let changes = project.changes();
  if (mode === 'write') changes = writeChanges(root, changes, findings, engine.disk);
  const located = findings.resolve((relative) => project.peekText(relative));
  const skipped = skippedPaths(located);
  const changedPaths = new Set(changes.flatMap((change) => [change.from, change.to]));
  const unchanged = project.examinedPaths().filter((p) => !changedPaths.has(p) && !skipped.has(p)).length;
  const pending = changes.length > 0 && mode === 'check';
  const exitCode = findings.hasErrors() ? EXIT_ERROR : pending ? EXIT_PENDING_CHANGES : EXIT_OK;
  const apps = inventoryOf(project).appsInRun().map(({ name, root: appRoot, mainFile, how, runtime, leftAlone }) =>
    ({ name, root: appRoot, mainFile, how, runtime, leftAlone }));
  return {
    target: root, root, transforms: run.transforms.map((t) => t.name), mode, changes, unchanged, findings: located, apps,
    suppressed: run.suppressed, exitCode,
  };
}

/**
 * The project's files, with those named on the command line even when .gitignore or the
 * configuration's `exclude` leaves them out. What discovery reports (a folder it cannot read, a
 * .gitignore it could not apply) counts only where the run looks: a folder of another app of the
 * project is none of this run's business.
 */
function discoveredFiles(root: string, scope: MigrationScope, findings: FindingLog): string[] {
  const discovery = new FindingLog();
  const files = discoverFiles(root, discovery, scope.exclude);
  const inScope = (inner: string, outer: string) => outer === '' || outer === '.' || inner === outer || inner.startsWith(`${outer}/`);
  const concerns = (found: string) => {
    const folder = found.endsWith('.gitignore') ? path.posix.dirname(found) : found;
    return [...scope.folders, ...scope.files].some((item) => inScope(found, item) || inScope(item, folder));
  };
  for (const finding of discovery.raw()) if (finding.path === undefined || concerns(finding.path)) findings.add(finding);
  return [...new Set([...files, ...scope.files])].sort();
}

/** A configuration's `[apps."<folder>"]` that names no app would silently do nothing. */
function reportUnknownApps(project: Project, options: RunOptions): void {
  const roots = new Set(inventoryOf(project).apps.map((app) => app.root));
  for (const root of Object.keys(options.appFlags ?? {})) {
    if (roots.has(root)) continue;
    project.findings.add({
      source: 'stcodemod',
      code: 'stcodemod/config-unknown-app',
      kind: 'warning',
      message: `the configuration sets options for the app in ${root || '.'}, but no app has its root there `
        + `(the apps' roots: ${[...roots].map((r) => r || '.').join(', ') || 'none'}); its options were not used`,
    });
  }
}
