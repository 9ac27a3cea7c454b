import * as posix from 'node:path/posix';
import { AppLayout } from '../inventory/model';

/**
 * The project file a module name means from `fromPath`: relative imports from the importing
 * file's package; absolute ones from the app's entry-file folder (Streamlit puts it on sys.path),
 * the app root, the importing file's folder, then the target root.
 */
export function resolveModule(has: (path: string) => boolean, fromPath: string, app: AppLayout | undefined, name: string)
  : string | undefined {
  const directory = folderOf(fromPath);
  const dots = name.match(/^\.*/)![0].length;
  const parts = name.slice(dots).split('.').filter(Boolean);
  let bases: string[];
  if (dots > 0) {
    let base = directory;
    for (let up = 1; up < dots; up++) base = folderOf(base);
    bases = [base];
  } else {
    const entryFolder = app?.mainFile ? folderOf(app.mainFile) : undefined;
    bases = [...new Set([entryFolder, app?.root, directory, ''].filter((b): b is string => b !== undefined))];
  }
  for (const base of bases) {
    const stem = [base, ...parts].filter(Boolean).join('/');
    for (const candidate of [`${stem}.py`, `${stem}/__init__.py`]) {
      if (has(candidate)) return candidate;
    }
  }
  return undefined;
}

function folderOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}
