/**
 * `stcodemod apps <path> [--json]`: what the run would take the target for. One row per app (its
 * name, kind, entry file, source root, Python files, runtime now and how it was found), then the
 * code and files every transform leaves alone, with why. Changes nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Io } from '../cli';
import { CliError, UsageError } from '../cli-errors';
import { discoverFiles, gitWorkTreeTop } from '../discovery';
import { FindingLog } from '../findings';
import { Project } from '../project';
import { enclosingProject, Inventory, NotAppCode, StreamlitApp, takeInventory } from '.';
import { printableJson, printableLine } from '../printable';

export const APPS_OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = `Usage:
  stcodemod apps <path> [--json]

Lists the Streamlit apps stcodemod finds under <path> (or around it: a subfolder or file of an app
means the app), how each was found and what each is made of, and the code every transform leaves
alone, with why. Changes nothing.
`;

interface AppRow {
  name: string | null;
  kind: string;
  entry: string | null;
  root: string;
  pythonFiles: number;
  runtime: string;
  foundBy: string;
  how: string;
  status: 'migrated' | 'left alone';
  reason?: string;
}

export async function appsCommand(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: APPS_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0], 'apps');
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const [target, ...extra] = parsed.positionals;
  if (target === undefined || extra.length > 0) {
    throw new UsageError(target === undefined ? 'missing path: stcodemod apps <path>' : `unexpected argument: ${extra[0]}`, 'apps');
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError('stcodemod/no-such-path', `${target}: ${code === 'ENOENT' ? 'no such file or directory' : `cannot open (${code})`}`, 2);
  }
  const absolute = path.resolve(target);
  const { root, scope } = enclosingProject(absolute, stat.isFile(), gitWorkTreeTop(absolute));
  const project = new Project(root, discoverFiles(root), new FindingLog());
  const inventory = takeInventory(project, scope);
  if (parsed.values.json) {
    const { rows, leftAlone } = inventoryRows(project, inventory);
    io.stdout(`${printableJson(JSON.stringify({ version: 1, target, root: path.relative(process.cwd(), root) || '.', apps: rows, leftAlone }, null, 2))}\n`);
  } else {
    io.stdout(renderInventory(project, inventory));
  }
  return 0;
}

/** What `stcodemod apps` prints for an inventory. */
export function renderInventory(project: Project, inventory: Inventory): string {
  const { rows, leftAlone } = inventoryRows(project, inventory);
  return renderText(rows, leftAlone);
}

function inventoryRows(project: Project, inventory: Inventory): { rows: AppRow[]; leftAlone: NotAppCode[] } {
  return {
    rows: inventory.appsInRun().map((app) => rowOf(project, inventory, app)),
    // The files of an app left alone are said once, by the app's row.
    leftAlone: [...inventory.filesLeftAlone, ...inventory.codeLeftAlone().filter((left) => left.kind !== 'app-left-alone')]
      .sort((a, b) => a.path.localeCompare(b.path)),
  };
}

function rowOf(project: Project, inventory: Inventory, app: StreamlitApp): AppRow {
  const pythonFiles = project.paths().filter((file) => file.endsWith('.py') && inventory.appOf(file) === app
    && (inventory.notAppCode(file)?.kind ?? 'app-left-alone') === 'app-left-alone').length;
  return {
    name: app.name ?? null,
    kind: app.kind,
    entry: app.mainFile ?? null,
    root: app.root || '.',
    pythonFiles,
    runtime: app.runtime,
    foundBy: app.foundBy,
    how: app.how,
    status: app.leftAlone === undefined ? 'migrated' : 'left alone',
    ...(app.leftAlone === undefined ? {} : { reason: app.leftAlone }),
  };
}

function renderText(rows: AppRow[], leftAlone: NotAppCode[]): string {
  const lines: string[] = [];
  if (rows.length === 0) lines.push('No Streamlit app found.');
  for (const row of rows) {
    lines.push(`${row.name ?? '(unnamed)'}  [${row.kind}, ${row.runtime} runtime, ${row.status}]`);
    lines.push(`  entry        ${row.entry ?? '(unknown)'}`);
    lines.push(`  source root  ${row.root}`);
    lines.push(`  Python files ${row.pythonFiles}`);
    lines.push(`  found by     ${row.how}`);
    if (row.reason) lines.push(`  left alone   ${row.reason}`);
    lines.push('');
  }
  if (leftAlone.length > 0) {
    lines.push('Left alone by every transform:');
    for (const left of leftAlone) lines.push(`  ${left.path}: ${left.reason}`);
    lines.push('');
  }
  return lines.map(printableLine).join('\n');
}
