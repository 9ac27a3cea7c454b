/**
 * Where the container runtime looks for an app's files (runtime facts, sections 2 and 3):
 * Streamlit runs from the source root; `.streamlit/` folders and dependency files are read in
 * the folders from the source root down to the entry file's folder.
 */
import * as posix from 'node:path/posix';
import { AppLayout } from './inventory/model';
import { Project } from './project';

/** The folders from the app's root down to its entry file's folder, root first. */
export function readFolders(app: AppLayout): string[] {
  const folders = [app.root];
  if (!app.mainFile) return folders;
  const entryFolder = folderOf(app.mainFile);
  const below = app.root === '' ? entryFolder : entryFolder.slice(app.root.length + 1);
  if (below === '' || entryFolder === app.root) return folders;
  let current = app.root;
  for (const part of below.split('/')) {
    current = join(current, part);
    folders.push(current);
  }
  return folders;
}

/** The folder of the app's entry file (its root when the entry file is unknown). */
export function entryFolder(app: AppLayout): string {
  return app.mainFile ? folderOf(app.mainFile) : app.root;
}

/**
 * The dependency file the container runtime installs from: the first found from the entry
 * file's folder up to the root; in one folder `requirements.txt` comes before `pyproject.toml`.
 */
export function containerDependencyFile(project: Project, app: AppLayout): string | undefined {
  for (const folder of readFolders(app).reverse()) {
    for (const name of ['requirements.txt', 'pyproject.toml']) {
      const path = join(folder, name);
      if (project.has(path)) return path;
    }
  }
  return undefined;
}

export function folderOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}

export function join(folder: string, relative: string): string {
  // Asked for every app and file: a file name joined to a normalized folder needs no normalizing.
  if (isFileName(relative) && (folder === '' || isNormalized(folder))) return folder === '' ? relative : `${folder}/${relative}`;
  return folder === '' ? posix.normalize(relative) : posix.normalize(`${folder}/${relative}`);
}

function isFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/');
}

/** No empty, `.` or `..` part (so no leading, trailing or doubled slash): `posix.normalize` leaves it as it is. */
function isNormalized(path: string): boolean {
  return !/(^|\/)\.{0,2}(\/|$)/.test(path);
}

/** True when `path` is `folder` itself or inside it ('' holds everything). */
export function isInside(path: string, folder: string): boolean {
  if (folder === '') return true;
  // Asked for every file and every app: compare in place rather than build `${folder}/`.
  if (path.length === folder.length) return path === folder;
  return path.length > folder.length && path.charCodeAt(folder.length) === SLASH && path.startsWith(folder);
}

const SLASH = 0x2f;
