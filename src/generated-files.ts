import * as posix from 'node:path/posix';
import { AppLayout } from './inventory';
import { PathIndex } from './path-index';
import { Project } from './project';

/** Where a transform puts a Python module it generates for one app. */
export interface GeneratedModuleLocation {
  path: string;
  /** The name the app's code imports it by (the file name without `.py`). */
  module: string;
  /** True when the entry file was not known and the app root was used instead. */
  guessed: boolean;
}

/**
 * Next to the app's entry file: Streamlit puts the entry file's folder on sys.path, for the entry
 * file and every page alike, so every page and package of the app imports the module by its bare
 * name. When the entry file is unknown, the app root (or the target) stands in, and `guessed` says so.
 * The name is `<base>.py`, or `<base>_2.py`, ... when the app already has a file or package of
 * its own by that name (`isOurs` recognises a file the transform generated before, which is reused).
 */
export function generatedModuleLocation(project: Project, paths: PathIndex, app: AppLayout | undefined, base: string,
  isOurs: (text: string) => boolean): GeneratedModuleLocation {
  const folder = app?.mainFile ? dirnameOf(app.mainFile) : app?.root ?? '';
  const path = generatedPath(project, paths, folder, base, '.py', isOurs);
  return { path, module: posix.basename(path, '.py'), guessed: !app?.mainFile };
}

/**
 * `<folder>/<base><ext>`, or `<base>_2<ext>`, ... : the first name that is free or holds a file
 * the transform generated (`isOurs`), so re-runs reuse the file and never take over one of the user's.
 * A folder by the name (a package, for `.py`) makes the name taken too.
 */
export function generatedPath(project: Project, paths: PathIndex, folder: string, base: string, ext: string,
  isOurs: (text: string) => boolean): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    const path = folder === '' ? `${name}${ext}` : `${folder}/${name}${ext}`;
    const packagePrefix = path.slice(0, -ext.length) + '/';
    if (paths.hasPrefix(packagePrefix)) continue;
    if (!project.has(path)) return path;
    const text = project.read(path)?.text;
    if (text !== undefined && isOurs(text)) return path;
  }
}

function dirnameOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}
