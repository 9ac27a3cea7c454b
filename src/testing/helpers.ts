import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';

export const REPOSITORY = path.join(__dirname, '..', '..', '..');
export const TESTDATA = path.join(REPOSITORY, 'testdata');
export const BIN = path.join(REPOSITORY, 'bin', 'stcodemod.js');

export function temporaryFolder(prefix = 'stcodemod-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A temporary folder holding these files (paths relative to it, folders created as needed). */
export function folderWith(files: Record<string, string | Buffer>): string {
  const root = temporaryFolder();
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

export function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}

/** Every file under a folder (but not in .git), by relative `/` path, with its bytes. */
export function readTree(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory() && entry.name === '.git') continue;
      if (entry.isDirectory()) walk(child);
      else files.set(child, fs.readFileSync(path.join(root, child)));
    }
  };
  if (fs.existsSync(root)) walk('');
  return files;
}

/** A readable description of how two trees differ, or '' when they are byte for byte equal. */
export function treeDifference(expected: Map<string, Buffer>, actual: Map<string, Buffer>): string {
  const problems: string[] = [];
  for (const name of expected.keys()) if (!actual.has(name)) problems.push(`missing file: ${name}`);
  for (const name of actual.keys()) if (!expected.has(name)) problems.push(`unexpected file: ${name}`);
  for (const [name, bytes] of expected) {
    const other = actual.get(name);
    if (!other || other.equals(bytes)) continue;
    const show = (b: Buffer) => b.toString('utf8').replace(/\r/g, '\\r').replace(/^\ufeff/, '<BOM>');
    problems.push(createTwoFilesPatch(`expected/${name}`, `actual/${name}`, show(bytes), show(other)));
  }
  return problems.join('\n');
}

/** Python files that do not compile, each with python3's message. */
export function pythonCompileErrors(files: string[]): string[] {
  if (files.length === 0) return [];
  const script = [
    'import sys',
    'for name in sys.argv[1:]:',
    '    try:',
    '        compile(open(name, "rb").read(), name, "exec")',
    '    except SyntaxError as error:',
    '        print(f"{name}: {error}")',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script, ...files], { encoding: 'utf8' });
  if (result.status !== 0) return [`python3 failed: ${result.stderr}`];
  return result.stdout.split('\n').filter(Boolean);
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI. `obeyFilePermissions`: as root, run without the capabilities that let root read
 * any file (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a file with mode 000 is unreadable to it.
 * Staying root keeps the repository readable wherever it was cloned.
 */
export function runCli(args: string[],
  options: { cwd?: string; obeyFilePermissions?: boolean; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliResult {
  const asRoot = process.getuid?.() === 0;
  const command = options.obeyFilePermissions && asRoot
    ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', process.execPath, BIN, ...args]
    : [process.execPath, BIN, ...args];
  const result: SpawnSyncReturns<string> = spawnSync(command[0], command.slice(1), {
    cwd: options.cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...options.env },
    // A run that hangs is killed, and its status is then null.
    ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const } : {}),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com' },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
