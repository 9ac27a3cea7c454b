/**
 * The two versions `upgrade-check` compares, as read-only projects: a folder on disk, or the same
 * folder at a git revision, read from git's object store into memory (nothing is checked out).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SKIPPED_DIRECTORIES, discoverFiles } from '../discovery';
import { FindingLog } from '../findings';
import { runGit } from '../git';
import { Project } from '../project';

export interface VersionSource {
  /** How the version is named in the output: the folder as given, or `HEAD~1 (1a2b3c4)`. */
  label: string;
  kind: 'folder' | 'git';
  /** The full commit id, for a git revision. */
  commit?: string;
  project: Project;
}

/** A folder on disk. */
export function folderVersion(folder: string, label = folder): VersionSource {
  const root = path.resolve(folder);
  return { label, kind: 'folder', project: new Project(root, discoverFiles(root), new FindingLog()) };
}

/**
 * `from` as a folder when one exists by that name, else as a git revision of the repository
 * holding `newFolder`, restricted to the same folder. Returns an error message when it is neither.
 */
export function resolveFrom(from: string, newFolder: string): VersionSource | string {
  if (fs.existsSync(from) && fs.statSync(from).isDirectory()) return folderVersion(from);
  const cwd = path.resolve(newFolder);
  const inside = git(cwd, ['rev-parse', '--is-inside-work-tree']);
  if (inside.status !== 0) return `--from ${from}: no such folder, and ${newFolder} is not in a git repository`;
  const commit = git(cwd, ['rev-parse', '--verify', '--quiet', `${from}^{commit}`]);
  if (commit.status !== 0) return `--from ${from}: no such folder or git revision`;
  const id = commit.stdout.toString().trim();
  // Without --full-name, ls-tree lists the paths under the current folder relative to it.
  const listing = git(cwd, ['ls-tree', '-r', '-z', id, '--', '.']);
  if (listing.status !== 0) return `--from ${from}: git ls-tree failed: ${listing.stderr.toString().trim()}`;
  const blobs = new Map<string, string>();
  for (const entry of listing.stdout.toString('utf8').split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (!match || match[2] !== 'blob' || match[1] === '120000') continue;
    const file = match[4];
    if (file.split('/').some((part) => DEFAULT_SKIPPED_DIRECTORIES.has(part))) continue;
    blobs.set(file, match[3]);
  }
  const root = path.join(cwd, `.stcodemod-${id.slice(0, 12)}`);
  const reader = (absolute: string) => {
    const object = blobs.get(path.relative(root, absolute).split(path.sep).join('/'));
    const blob = object === undefined ? undefined : git(cwd, ['cat-file', 'blob', object]);
    if (!blob || blob.status !== 0) throw Object.assign(new Error('not in the revision'), { code: 'ENOENT' });
    return blob.stdout;
  };
  return {
    label: `${from} (${id.slice(0, 7)})`,
    kind: 'git',
    commit: id,
    project: new Project(root, [...blobs.keys()].sort(), new FindingLog(), reader),
  };
}

function git(cwd: string, args: string[]) {
  return runGit(cwd, args);
}
