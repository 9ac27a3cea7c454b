/**
 * `stcodemod upgrade-check --from <old> <new>`: can version n+1 of a Native App upgrade version n
 * in place? Reads both versions (a folder, or a git revision of the new folder), pairs their apps
 * by manifest path, and reports what breaks (see compare.ts). Exit 0 when nothing does, 1 when an
 * error is found (so a release can be gated in CI), 2 for bad usage or unreadable input.
 */
import * as fs from 'node:fs';
import { parseArgs, styleText } from 'node:util';
import type { Io } from '../cli';
import { CliError, UsageError } from '../cli-errors';
import { NativeApp, findNativeApps } from '../native-app/manifest';
import { buildModel } from '../native-app/model';
import { loadSetupScripts } from '../native-app/setup-scripts';
import { maskSecrets } from '../secret-mask';
import { printable, printableJson, printableLine } from '../printable';
import { lineAndColumn } from '../text-file';
import { AppVersion, compareVersions, UpgradeFinding } from './compare';
import { folderVersion, resolveFrom, VersionSource } from './source';

export const UPGRADE_OK = 0;
export const UPGRADE_BREAKS = 1;
export const UPGRADE_UNUSABLE = 2;

const USAGE = `Usage:
  stcodemod upgrade-check --from <old> <new> [--json]

Compares two versions of a Snowflake Native App and reports what breaks an upgrade in place.
  --from <old>   the released version: a folder, or a git revision of <new>'s repository
                 (a tag, a branch, HEAD~1, a commit); a folder wins when both exist
  <new>          the folder of the version to release
  --json         print one JSON document
  --color, --no-color

Exit codes:
  0  no error: <new> can upgrade <old> in place    1  at least one error
  2  bad usage, or a manifest or setup script that cannot be read
`;

/** One paired app: its manifest path in the new version (or the old one, when it is gone). */
interface AppReport {
  manifest: string;
  from?: { version?: string; patch?: number };
  to?: { version?: string; patch?: number };
  findings: LocatedUpgradeFinding[];
}

export interface LocatedUpgradeFinding extends Omit<UpgradeFinding, 'offset'> {
  line?: number;
  column?: number;
}

export const UPGRADE_CHECK_OPTIONS = {
  from: { type: 'string' },
  json: { type: 'boolean', default: false },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function upgradeCheck(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: UPGRADE_CHECK_OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usageError((error as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return UPGRADE_OK;
  }
  if (values.from === undefined) return usageError('missing --from <old>: the released version to compare with');
  if (positionals.length === 0) return usageError('missing <new>: the folder of the version to release');
  if (positionals.length > 1) return usageError(`unexpected argument: ${positionals[1]}`);
  const target = positionals[0];
  if (!fs.existsSync(target) || !fs.statSync(target).isDirectory()) {
    throw new CliError('stcodemod/no-such-path', `${target}: no such folder`, UPGRADE_UNUSABLE);
  }
  const old = resolveFrom(values.from, target);
  if (typeof old === 'string') throw new CliError('upgrade-check/unknown-revision', old, UPGRADE_UNUSABLE);
  const next = folderVersion(target);
  const report = runUpgradeCheck(old, next);
  const colour = values['no-color'] ? false : values.color ?? (io.stdoutIsTTY && !io.env.NO_COLOR);
  io.stdout(values.json ? renderJson(report) : renderText(report, colour));
  return report.exitCode;
}

function usageError(message: string): never {
  throw new UsageError(message, 'upgrade-check');
}

export interface UpgradeReport {
  from: VersionSource;
  to: VersionSource;
  apps: AppReport[];
  exitCode: number;
}

export function runUpgradeCheck(old: VersionSource, next: VersionSource): UpgradeReport {
  const oldApps = load(old, 'old');
  const newApps = load(next, 'new');
  const apps: AppReport[] = [];
  const setup: LocatedUpgradeFinding[] = [...oldApps.problems, ...newApps.problems];
  const single = oldApps.apps.length === 1 && newApps.apps.length === 1;
  for (const app of newApps.apps) {
    // Apps pair by manifest path; a lone app on each side pairs even if its folder moved.
    const previous = oldApps.apps.find((candidate) => candidate.app.manifest === app.app.manifest)
      ?? (single ? oldApps.apps[0] : undefined);
    const findings = compareVersions(previous, app).map((finding) => locate(finding, finding.version === 'old' ? old : next));
    if (!previous) {
      findings.unshift({ level: 'info', code: 'new-app', version: 'new', path: app.app.manifest,
        message: `no app in ${old.label} has this manifest: only the new version was checked` });
    }
    apps.push({ manifest: app.app.manifest, from: versionOf(previous?.app), to: versionOf(app.app), findings: sorted(findings) });
  }
  for (const gone of oldApps.apps.filter((a) => !apps.some((r) => r.manifest === a.app.manifest) && !single)) {
    apps.push({ manifest: gone.app.manifest, from: versionOf(gone.app), findings: [{ level: 'warning', code: 'app-removed',
      version: 'old', path: gone.app.manifest, message: `this app is not in ${next.label} any more` }] });
  }
  if (apps.length === 0 && setup.length === 0) {
    setup.push({ level: 'unprocessable', code: 'no-native-app', version: 'new',
      message: `no Native App (manifest.yml with manifest_version or artifacts) in ${next.label}` });
  }
  if (setup.length > 0) apps.unshift({ manifest: '', findings: setup });
  const all = apps.flatMap((app) => app.findings);
  const exitCode = all.some((f) => f.level === 'unprocessable') ? UPGRADE_UNUSABLE
    : all.some((f) => f.level === 'error') ? UPGRADE_BREAKS : UPGRADE_OK;
  return { from: old, to: next, apps, exitCode };
}

function load(source: VersionSource, version: 'old' | 'new'): { apps: AppVersion[]; problems: LocatedUpgradeFinding[] } {
  const { apps, issues } = findNativeApps(source.project);
  const problems = issues.map((issue) => locate({ ...issue, version }, source));
  const versions = apps.map((app) => ({ project: source.project, app, model: buildModel(loadSetupScripts(source.project, app)) }));
  return { apps: versions, problems };
}

function versionOf(app: NativeApp | undefined): { version?: string; patch?: number } | undefined {
  if (!app) return undefined;
  return { ...(app.versionName !== undefined ? { version: app.versionName } : {}),
    ...(app.versionPatch !== undefined ? { patch: app.versionPatch } : {}) };
}

/** A finding with its line and column, and the credentials its text quotes masked (secret-mask.ts). */
function locate(finding: UpgradeFinding, source: VersionSource): LocatedUpgradeFinding {
  const { offset, ...quoted } = finding;
  const rest = { ...quoted, message: maskSecrets(quoted.message), ...(quoted.snippet ? { snippet: maskSecrets(quoted.snippet) } : {}) };
  const text = rest.path === undefined || offset === undefined ? undefined : source.project.read(rest.path)?.text;
  return text === undefined ? rest : { ...rest, ...lineAndColumn(text, offset!) };
}

const ORDER = { unprocessable: 0, error: 1, warning: 2, info: 3 };

function sorted(findings: LocatedUpgradeFinding[]): LocatedUpgradeFinding[] {
  return findings.sort((a, b) => ORDER[a.level] - ORDER[b.level] || (a.version === b.version ? 0 : a.version === 'old' ? -1 : 1)
    || (a.path ?? '').localeCompare(b.path ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.code.localeCompare(b.code));
}

const SEVERITY: Record<UpgradeFinding['level'], string> = {
  unprocessable: 'error', error: 'error', warning: 'warning', info: 'info',
};

export function renderText(report: UpgradeReport, colour = false): string {
  const paint = (style: Parameters<typeof styleText>[0], text: string) => (colour ? styleText(style, text) : text);
  const lines = [printableLine(`stcodemod upgrade-check: ${report.from.label} -> ${report.to.label}`), ''];
  for (const app of report.apps) {
    if (app.manifest !== '') {
      const version = (v?: { version?: string; patch?: number }) => v?.version === undefined ? '?'
        : `${v.version}${v.patch === undefined ? '' : ` patch ${v.patch}`}`;
      lines.push(paint('bold', printableLine(`${app.manifest}: version ${version(app.from)} -> ${version(app.to)}`)));
    }
    if (app.findings.length === 0) lines.push('  no problems found');
    for (const finding of app.findings) {
      const severity = SEVERITY[finding.level];
      const styled = severity === 'error' ? paint('red', severity) : severity === 'warning' ? paint('yellow', severity) : severity;
      lines.push(`  ${styled}: ${printableLine(`${where(report, finding)}${finding.message}`)} [upgrade-check/${finding.code}]`);
      for (const line of finding.snippet?.split('\n') ?? []) lines.push(`      ${printable(line)}`);
    }
    lines.push('');
  }
  const all = report.apps.flatMap((app) => app.findings);
  const count = (severity: string) => all.filter((f) => SEVERITY[f.level] === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const totals = `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}`;
  lines.push(report.exitCode === UPGRADE_OK
    ? `${report.to.label} can upgrade ${report.from.label} in place (${totals}).`
    : report.exitCode === UPGRADE_BREAKS
      ? `${report.to.label} cannot upgrade ${report.from.label} in place: ${totals}.`
      : `upgrade-check could not read everything it needs (${totals}).`);
  return lines.join('\n') + '\n';
}

function where(report: UpgradeReport, finding: LocatedUpgradeFinding): string {
  if (finding.path === undefined) return '';
  const prefix = finding.version === 'old' ? `${report.from.label}:` : '';
  return `${prefix}${finding.path}${finding.line ? `:${finding.line}` : ''}: `;
}

export function renderJson(report: UpgradeReport): string {
  const all = report.apps.flatMap((app) => app.findings);
  const describe = (finding: LocatedUpgradeFinding) => ({
    code: `upgrade-check/${finding.code}`,
    severity: SEVERITY[finding.level],
    message: finding.message,
    location: finding.path === undefined ? null : {
      version: finding.version, path: finding.path, line: finding.line ?? null, column: finding.column ?? null,
    },
    ...(finding.snippet ? { snippet: finding.snippet } : {}),
  });
  const document = {
    version: 1,
    from: { label: report.from.label, kind: report.from.kind, ...(report.from.commit ? { commit: report.from.commit } : {}) },
    to: { label: report.to.label, kind: report.to.kind },
    apps: report.apps.map((app) => ({
      manifest: app.manifest === '' ? null : app.manifest,
      from: app.from ?? null,
      to: app.to ?? null,
      findings: app.findings.map(describe),
    })),
    summary: {
      errors: all.filter((f) => SEVERITY[f.level] === 'error').length,
      warnings: all.filter((f) => f.level === 'warning').length,
      infos: all.filter((f) => f.level === 'info').length,
    },
    upgradeInPlace: report.exitCode === UPGRADE_OK,
    exitCode: report.exitCode,
  };
  return printableJson(JSON.stringify(document, null, 2)) + '\n';
}
