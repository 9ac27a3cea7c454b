import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import { FindingLog } from './findings';
import { describeReadError, readRegularFile } from './read-file';

/** Folders no migration should look into, whatever the ignore files say. */
export const DEFAULT_SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  '.git', 'node_modules', '.venv', 'venv', '__pycache__', 'build', 'dist',
]);

interface IgnoreScope {
  /** Folder of the .gitignore, relative to the walk root ('' for the root itself). */
  base: string;
  /** Answers for a path relative to `base` (folders end with `/`). */
  ignores(pathInScope: string): boolean;
}

/**
 * Lists the files under `root` that a run may consider, as sorted `/`-separated relative paths.
 * Honours every .gitignore from the enclosing git work tree's top down to each folder, skips
 * the default folders, and never follows a symbolic link (so it never leaves the target and an
 * atomic write can never replace a link with a copy). Only regular files are listed.
 *
 * A folder it cannot read is an error in `findings` (its files would be missing from the run
 * without a word otherwise); a .gitignore it cannot read, or that is not a regular file, is a
 * warning, and its patterns are not applied (git does the same).
 *
 * `exclude` (the configuration's `exclude` patterns) leaves out files and whole folders, which
 * are then not even walked.
 */
export function discoverFiles(root: string, findings = new FindingLog(), exclude?: Excluded): string[] {
  const files: string[] = [];
  const walker = { root, findings, files, exclude };
  walk(walker, '', ancestorIgnoreScopes(walker));
  return files.sort();
}

/** True for a path (relative to the walk root; a folder's ends with `/`) the run leaves out. */
export type Excluded = (relative: string) => boolean;

interface Walk {
  root: string;
  findings: FindingLog;
  files: string[];
  exclude?: Excluded;
}

function walk(walker: Walk, relativeDir: string, scopes: IgnoreScope[]): void {
  const absoluteDir = path.join(walker.root, relativeDir);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(absoluteDir, { withFileTypes: true });
  } catch (error) {
    walker.findings.add({
      source: 'stcodemod',
      code: 'stcodemod/unreadable-folder',
      kind: 'error',
      message: `${describeFolderError(error)}; none of its files were looked at`,
      path: relativeDir === '' ? '.' : relativeDir,
    });
    return;
  }
  const own = entries.some((entry) => entry.name === '.gitignore')
    ? readIgnoreFile(walker, path.join(absoluteDir, '.gitignore'), relativeDir) : undefined;
  const active = own ? [...scopes, own] : scopes;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (DEFAULT_SKIPPED_DIRECTORIES.has(entry.name) || isIgnored(active, relative, true) || walker.exclude?.(`${relative}/`)) continue;
      walk(walker, relative, active);
    } else if (entry.isFile() && !isIgnored(active, relative, false) && !walker.exclude?.(relative)) {
      walker.files.push(relative);
    }
  }
}

function isIgnored(scopes: IgnoreScope[], relative: string, isDirectory: boolean): boolean {
  for (const scope of scopes) {
    const inScope = scope.base === '' ? relative : relative.slice(scope.base.length + 1);
    if (scope.base !== '' && !relative.startsWith(`${scope.base}/`)) continue;
    if (scope.ignores(isDirectory ? `${inScope}/` : inScope)) return true;
  }
  return false;
}

function readIgnoreFile(walker: Walk, file: string, base: string): IgnoreScope | undefined {
  const content = readIgnoreText(walker, file);
  if (content === undefined) return undefined;
  const rules = ignore().add(content);
  return { base, ignores: (pathInScope) => rules.ignores(pathInScope) };
}

/**
 * The .gitignore files above the target, up to the top of its git work tree, rewritten so that
 * their patterns apply to paths relative to the target.
 */
function ancestorIgnoreScopes(walker: Walk): IgnoreScope[] {
  const root = walker.root;
  const top = gitWorkTreeTop(root);
  if (!top) return [];
  const scopes: IgnoreScope[] = [];
  for (let dir = path.dirname(root); isWithin(top, dir); dir = path.dirname(dir)) {
    const content = readIgnoreText(walker, path.join(dir, '.gitignore'));
    if (content !== undefined) {
      const prefix = path.relative(dir, root).split(path.sep).join('/');
      const rules = ignore().add(content);
      scopes.unshift({ base: '', ignores: (pathInScope) => rules.ignores(`${prefix}/${pathInScope}`) });
    }
    if (dir === top) break;
  }
  return scopes;
}

function readIgnoreText(walker: Walk, file: string): string | undefined {
  try {
    return readRegularFile(file).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const relative = path.relative(walker.root, file).split(path.sep).join('/');
    walker.findings.add({
      source: 'stcodemod',
      code: 'stcodemod/unread-ignore-file',
      kind: 'warning',
      message: `${describeReadError(error)}; its patterns were not applied, so files it may ignore were looked at`,
      path: relative,
    });
    return undefined;
  }
}

function describeFolderError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read folder (permission denied)';
  return `cannot read folder (${code ?? (error as Error).message})`;
}

/** The nearest folder at or above `start` that holds .git: the top of its work tree. */
export function gitWorkTreeTop(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function isWithin(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
