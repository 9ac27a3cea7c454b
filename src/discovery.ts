import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';

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
 * atomic write can never replace a link with a copy).
 */
export function discoverFiles(root: string): string[] {
  const files: string[] = [];
  walk(root, '', ancestorIgnoreScopes(root), files);
  return files.sort();
}

function walk(root: string, relativeDir: string, scopes: IgnoreScope[], files: string[]): void {
  const absoluteDir = path.join(root, relativeDir);
  const own = readIgnoreFile(path.join(absoluteDir, '.gitignore'), relativeDir);
  const active = own ? [...scopes, own] : scopes;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(absoluteDir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (DEFAULT_SKIPPED_DIRECTORIES.has(entry.name) || isIgnored(active, relative, true)) continue;
      walk(root, relative, active, files);
    } else if (entry.isFile() && !isIgnored(active, relative, false)) {
      files.push(relative);
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

function readIgnoreFile(file: string, base: string): IgnoreScope | undefined {
  const content = readIgnoreText(file);
  if (content === undefined) return undefined;
  const rules = ignore().add(content);
  return { base, ignores: (pathInScope) => rules.ignores(pathInScope) };
}

/**
 * The .gitignore files above the target, up to the top of its git work tree, rewritten so that
 * their patterns apply to paths relative to the target.
 */
function ancestorIgnoreScopes(root: string): IgnoreScope[] {
  const top = gitWorkTreeTop(root);
  if (!top) return [];
  const scopes: IgnoreScope[] = [];
  for (let dir = path.dirname(root); isWithin(top, dir); dir = path.dirname(dir)) {
    const content = readIgnoreText(path.join(dir, '.gitignore'));
    if (content !== undefined) {
      const prefix = path.relative(dir, root).split(path.sep).join('/');
      const rules = ignore().add(content);
      scopes.unshift({ base: '', ignores: (pathInScope) => rules.ignores(`${prefix}/${pathInScope}`) });
    }
    if (dir === top) break;
  }
  return scopes;
}

function readIgnoreText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
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
