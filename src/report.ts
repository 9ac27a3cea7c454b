import { Palette, plain, renderChange } from './diff';
import { LocatedFinding } from './findings';
import { printable, printableJson, printableLine } from './printable';
import { FileChange } from './project';
import { maskSecrets } from './secret-mask';

export type RunMode = 'write' | 'dry-run' | 'check';

export interface RunResult {
  /** The target as the user gave it (the CLI sets it), else the project folder. */
  target: string;
  /** The project folder the run worked in (absolute); every path of the result is relative to it. */
  root: string;
  transforms: string[];
  mode: RunMode;
  changes: FileChange[];
  /** Files the run read and left as they were (skipped files not included). */
  unchanged: number;
  findings: LocatedFinding[];
  /** The apps the run was about, from the inventory, and whether it migrated or left each alone. */
  apps: AppOutcome[];
  /** Findings the user's `# stcodemod: ignore[...]` comments silenced. */
  suppressed: number;
  exitCode: number;
}

export interface AppOutcome {
  name?: string;
  root: string;
  mainFile?: string;
  how: string;
  runtime: string;
  /** Why the run left it as it was; absent when the run migrated it. */
  leftAlone?: string;
}

/** Files whose content must never be printed: a diff of them would show credentials. */
const SENSITIVE_FILE = /(^|\/)(secrets\.toml|connections\.toml|\.env(\.[\w.-]+)?|[^/]*\.(pem|p8|key))$/;

export function isSensitivePath(relative: string): boolean {
  return SENSITIVE_FILE.test(relative);
}

/**
 * The diff of one change: the contents of secret-bearing files withheld, credentials in other
 * files masked (context lines included).
 */
export function diffOf(change: FileChange, palette: Palette = plain): string {
  const sensitive = [change.from, change.to].some((p) => p !== undefined && isSensitivePath(p));
  return renderChange(change, palette, sensitive ? { withhold: true } : { mask: maskSecrets });
}

export function skippedPaths(findings: LocatedFinding[]): Map<string, string> {
  const skipped = new Map<string, string>();
  for (const finding of findings) {
    if (finding.kind === 'error' && finding.path !== undefined && !skipped.has(finding.path)) {
      skipped.set(finding.path, finding.message);
    }
  }
  return skipped;
}

const statusWord: Record<FileChange['kind'], string> = {
  create: 'created',
  modify: 'modified',
  delete: 'deleted',
  move: 'moved',
};

/** How the summary shows a run: where its paths point from, and how much it says. */
export interface SummaryView {
  palette: Palette;
  /** A project path as the user sees it: relative to the current folder, or absolute outside it. */
  display(relative: string): string;
  /** Show `info` findings too (they are counted either way). */
  verbose: boolean;
  /** The run's wall time, shown on the totals line. */
  elapsedMs?: number;
}

export const plainView: SummaryView = { palette: plain, display: (relative) => relative, verbose: true };

/**
 * Findings with one cause: the same code, message and snippet at several places. The summary
 * shows each group once, as one step listing its locations.
 */
export interface FindingGroup {
  code: string;
  kind: LocatedFinding['kind'];
  message: string;
  snippet?: string;
  findings: LocatedFinding[];
}

export function groupFindings(findings: LocatedFinding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const key = JSON.stringify([finding.kind, finding.code, finding.message, finding.snippet ?? '']);
    const group = groups.get(key);
    if (group) group.findings.push(finding);
    else groups.set(key, { code: finding.code, kind: finding.kind, message: finding.message, snippet: finding.snippet, findings: [finding] });
  }
  return [...groups.values()];
}

/** The human summary that ends every run. */
export function renderSummary(result: RunResult, view: SummaryView = plainView): string {
  const { palette } = view;
  const lines: string[] = renderApps(result.apps, palette);
  const skipped = skippedPaths(result.findings);
  const verb = result.mode === 'write' ? '' : 'would be ';
  const shown = (relative: string) => printableLine(view.display(relative));
  for (const change of result.changes) {
    const name = change.kind === 'move' ? `${shown(change.from!)} -> ${shown(change.to!)}` : shown(change.to ?? change.from!);
    lines.push(`  ${verb}${statusWord[change.kind]}  ${name}`);
  }
  for (const [path, reason] of skipped) lines.push(`  skipped  ${shown(path)}: ${printableLine(reason)}`);
  if (lines.length > 0) lines.push('');

  const ofKind = (kind: LocatedFinding['kind']) => result.findings.filter((finding) => finding.kind === kind
    && !(kind === 'error' && finding.path !== undefined && skipped.get(finding.path) === finding.message));
  const steps = groupFindings(ofKind('manual'));
  const sections: [string, FindingGroup[], boolean][] = [
    ['Manual steps', steps, true],
    ['Errors', groupFindings(ofKind('error')), false],
    ['Warnings', groupFindings(ofKind('warning')), false],
    ['Notes', view.verbose ? groupFindings(ofKind('info')) : [], false],
  ];
  for (const [title, groups, numbered] of sections) {
    if (groups.length === 0) continue;
    lines.push(palette.header(`${title} (${groups.length}):`));
    groups.forEach((group, index) => lines.push(...renderGroup(group, numbered ? `${index + 1}.` : '-', view)));
    lines.push('');
  }
  lines.push(...renderCodeCounts(result.findings, palette));
  lines.push(totalsLine(result, skipped.size, steps.length, view));
  return lines.join('\n') + '\n';
}

/**
 * The apps first, when there is more than one or one is left alone: an app the run did not
 * migrate is the first thing to know about a run.
 */
function renderApps(apps: AppOutcome[], palette: Palette): string[] {
  if (apps.length < 2 && apps.every((app) => app.leftAlone === undefined)) return [];
  const lines = [palette.header('Apps:')];
  for (const app of apps) {
    const name = `${app.name ?? '(unnamed)'} (${app.mainFile ?? (app.root || '.')})`;
    lines.push(app.leftAlone === undefined ? `  migrated    ${name}` : `  left alone  ${name}: ${app.leftAlone}`);
  }
  lines.push('');
  return lines;
}

/** `path:line:col`, as editors and terminals open it; `path` alone for a finding about a whole file. */
export function locationOf(finding: LocatedFinding, display: (relative: string) => string): string | undefined {
  if (finding.path === undefined) return undefined;
  const place = finding.line === undefined ? '' : `:${finding.line}${finding.column === undefined ? '' : `:${finding.column}`}`;
  return `${display(finding.path)}${place}`;
}

/**
 * One finding: `path:line:col: code message`. A group of findings with one cause is one item:
 * `code message`, then each location on a line of its own.
 */
function renderGroup(group: FindingGroup, bullet: string, view: SummaryView): string[] {
  const indent = ' '.repeat(bullet.length + 3);
  const where = group.findings.map((finding) => locationOf(finding, view.display));
  const lines: string[] = [];
  if (group.findings.length === 1) {
    const prefix = where[0] === undefined ? '' : `${where[0]}: `;
    lines.push(`  ${bullet} ${printableLine(`${prefix}${group.code} ${group.message}`)}`);
  } else {
    lines.push(`  ${bullet} ${printableLine(`${group.code} ${group.message}`)} (${group.findings.length} places)`);
    for (const location of where) lines.push(`${indent}${printableLine(location ?? '(no file)')}`);
  }
  if (group.snippet) {
    for (const line of group.snippet.replace(/\n$/, '').split('\n')) lines.push(`${indent}${printable(line)}`);
  }
  return lines;
}

/** How many findings of each code, most frequent first: what a run found, at a glance. */
function renderCodeCounts(findings: LocatedFinding[], palette: Palette): string[] {
  if (findings.length === 0) return [];
  const counts = new Map<string, { kind: string; count: number }>();
  for (const finding of findings) {
    const key = `${finding.code} ${finding.kind}`;
    counts.set(key, { kind: finding.kind, count: (counts.get(key)?.count ?? 0) + 1 });
  }
  const rows = [...counts].sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b));
  const width = String(rows[0][1].count).length;
  const lines = [palette.header('Findings by code:')];
  for (const [key, { kind, count }] of rows) lines.push(`  ${String(count).padStart(width)}  ${kind.padEnd(7)}  ${key.split(' ')[0]}`);
  lines.push('');
  return lines;
}

function totalsLine(result: RunResult, skipped: number, steps: number, view: SummaryView): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const changed = `${plural(result.changes.length, 'file')} ${result.mode === 'write' ? 'changed' : 'would change'}`;
  const parts = [changed, `${result.unchanged} unchanged`, `${skipped} skipped`, plural(steps, 'manual step')];
  const notes = result.findings.filter((finding) => finding.kind === 'info').length;
  if (notes > 0 && !view.verbose) parts.push(`${plural(notes, 'note')} not shown (--verbose shows them)`);
  if (result.suppressed > 0) parts.push(`${plural(result.suppressed, 'finding')} silenced by stcodemod: ignore comments`);
  const suffix = result.mode === 'write' ? '' : ' (nothing written)';
  const time = view.elapsedMs === undefined ? '' : ` in ${(view.elapsedMs / 1000).toFixed(1)} s`;
  return `${parts.join(', ')}${suffix}${time}`;
}

/** The `--json` document of one run. */
export function renderJson(result: RunResult): string {
  return printableJson(JSON.stringify(jsonDocument(result), null, 2)) + '\n';
}

/** The `--json` document of a run over several projects: each project's document, and the exit code of all. */
export function renderJsonRuns(results: RunResult[], exitCode: number, extra: Record<string, unknown> = {}): string {
  const document = results.length === 1 ? { ...jsonDocument(results[0]), ...extra, exitCode }
    : { version: 1, runs: results.map(jsonDocument), ...extra, exitCode };
  return printableJson(JSON.stringify(document, null, 2)) + '\n';
}

function jsonDocument(result: RunResult): Record<string, unknown> {
  const skipped = skippedPaths(result.findings);
  const location = (finding: LocatedFinding) =>
    finding.path === undefined ? null : { path: finding.path, line: finding.line ?? null, column: finding.column ?? null };
  const describe = (finding: LocatedFinding) => ({
    code: finding.code,
    source: finding.source,
    severity: finding.kind,
    message: finding.message,
    location: location(finding),
    ...(finding.snippet ? { snippet: finding.snippet } : {}),
  });
  const document = {
    version: 1,
    target: result.target,
    mode: result.mode,
    transforms: result.transforms,
    apps: result.apps.map((app) => ({
      name: app.name ?? null, root: app.root, mainFile: app.mainFile ?? null, foundBy: app.how, runtime: app.runtime,
      status: app.leftAlone === undefined ? 'migrated' : 'left alone', ...(app.leftAlone === undefined ? {} : { reason: app.leftAlone }),
    })),
    files: result.changes.map((change) => ({
      path: change.to ?? change.from,
      status: statusWord[change.kind],
      ...(change.kind === 'move' ? { from: change.from } : {}),
      diff: diffOf(change),
    })),
    skipped: [...skipped].map(([path, reason]) => ({ path, reason })),
    manualSteps: result.findings.filter((finding) => finding.kind === 'manual').map(describe),
    diagnostics: result.findings.filter((finding) => finding.kind !== 'manual').map(describe),
    summary: {
      changed: result.changes.length,
      unchanged: result.unchanged,
      skipped: skipped.size,
      manualSteps: result.findings.filter((finding) => finding.kind === 'manual').length,
    },
    exitCode: result.exitCode,
  };
  return document;
}
