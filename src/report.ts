import { renderChange, Palette, plain } from './diff';
import { FindingPlace, groupRepeated, LocatedFinding, placesText } from './findings';
import { printable, printableJson, printableLine } from './printable';
import { FileChange } from './project';
import { maskSecrets } from './secret-mask';

export type RunMode = 'write' | 'dry-run' | 'check';

export interface RunResult {
  target: string;
  transforms: string[];
  mode: RunMode;
  changes: FileChange[];
  /** Files the run read and left as they were (skipped files not included). */
  unchanged: number;
  findings: LocatedFinding[];
  /** The apps the run was about, from the inventory, and whether it migrated or left each alone. */
  apps: AppOutcome[];
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

/** The human summary that ends every run. */
export function renderSummary(result: RunResult, palette: Palette = plain): string {
  const lines: string[] = renderApps(result.apps, palette);
  const skipped = skippedPaths(result.findings);
  const verb = result.mode === 'write' ? '' : 'would be ';
  for (const change of result.changes) {
    const name = change.kind === 'move' ? `${change.from} -> ${change.to}` : change.to ?? change.from!;
    lines.push(`  ${verb}${statusWord[change.kind]}  ${printableLine(name)}`);
  }
  for (const [path, reason] of skipped) lines.push(`  skipped  ${printableLine(path)}: ${printableLine(reason)}`);
  if (lines.length > 0) lines.push('');

  // One cause at several places is one step, with every place.
  const manual = groupRepeated(result.findings.filter((finding) => finding.kind === 'manual'));
  const notes = groupRepeated(result.findings.filter((finding) => finding.kind !== 'manual'
    && !(finding.path && skipped.has(finding.path) && finding.kind === 'error')));
  if (manual.length > 0) {
    lines.push(palette.header(`Manual steps (${manual.length}):`));
    manual.forEach((finding, index) => lines.push(...renderFinding(finding, `${index + 1}.`)));
    lines.push('');
  }
  if (notes.length > 0) {
    lines.push(palette.header('Notes:'));
    for (const finding of notes) lines.push(...renderFinding(finding, `${finding.kind}:`));
    lines.push('');
  }
  lines.push(totalsLine(result, skipped.size, manual.length));
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

function renderFinding(finding: LocatedFinding & { also: FindingPlace[] }, bullet: string): string[] {
  const where = finding.path === undefined ? '' : `${finding.path}${finding.line ? `:${finding.line}` : ''}: `;
  const also = finding.also.length > 0 ? ` (also at ${printableLine(placesText(finding.also))})` : '';
  const lines = [`  ${bullet} ${printableLine(`${where}${finding.message}`)} [${finding.code}]${also}`];
  if (finding.snippet) {
    for (const line of finding.snippet.replace(/\n$/, '').split('\n')) lines.push(`       ${printable(line)}`);
  }
  return lines;
}

function totalsLine(result: RunResult, skipped: number, manual: number): string {
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  const changed = result.mode === 'write' ? `${files(result.changes.length)} changed` : `${files(result.changes.length)} would change`;
  const parts = [changed, `${result.unchanged} unchanged`, `${skipped} skipped`, `${manual} manual step${manual === 1 ? '' : 's'}`];
  const suffix = result.mode === 'write' ? '' : ' (nothing written)';
  return `${parts.join(', ')}${suffix}`;
}

/** The `--json` document. */
export function renderJson(result: RunResult): string {
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
  return printableJson(JSON.stringify(document, null, 2)) + '\n';
}
