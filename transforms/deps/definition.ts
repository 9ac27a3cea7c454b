/**
 * snowflake.yml: `snow streamlit deploy` uploads the files its `artifacts` (v2) or `env_file` /
 * `additional_source_files` (v1) name, and `snow app deploy` those of `native_app.artifacts` (v1). Once environment.yml is gone, the entry that named it must
 * name the new dependency file instead, or deploy fails on a missing file.
 */
import * as posix from 'node:path/posix';
import { isMap, isScalar, isSeq, Node, Scalar, YAMLSeq } from 'yaml';
import { yamlDocument } from '../../src/parsed-files';
import { Project } from '../../src/project';
import { isFlow, pairLines, pairOf, removeBlockSequenceItem, replaceScalar, replaceSeqItem } from '../../src/yaml-edit';

export interface DefinitionUpdate {
  /** Each entry changed: its offset in the new text, and what it named before and after. */
  changes: { offset: number; from: string; to?: string }[];
  /** Entries that name the environment file but could not be rewritten. */
  leftAlone: boolean;
  /** The entity keys (`streamlit` for version 1) whose files include the environment file. */
  entities: string[];
}

/**
 * Points the definition's entries for `environmentPath` at `replacementPath`, or removes them when
 * there is no replacement (or the list already names it).
 */
export function retargetDefinition(project: Project, definition: string, environmentPath: string,
  replacementPath: string | undefined): DefinitionUpdate {
  const result: DefinitionUpdate = { changes: [], leftAlone: false, entities: [] };
  const source = project.read(definition);
  if (!source) return result;
  const folder = posix.dirname(definition);
  const base = folder === '.' ? '' : folder;
  if (cannotNameFromOutside(source.text, base, environmentPath)) return result;
  const relative = (path: string) => relativeTo(base, path);
  const environment = relative(environmentPath);
  const replacement = replacementPath === undefined ? undefined : relative(replacementPath);
  if (!mayName(source.text, environment)) return result;
  // Asked once per environment file for every definition: each text is parsed once.
  const document = yamlDocument(project, source.text);
  if (document.errors.length > 0) return result;
  const edit = project.edit(definition);
  const names = (node: unknown) => isScalar(node) && typeof node.value === 'string' && node.value.replace(/^\.\//, '') === environment;
  const changed: { offset: number; from: string; to?: string }[] = [];

  const fixList = (list: YAMLSeq, entity: string) => {
    const listed = (path: string) => list.items.some((item) => names(item) ? false : pathOf(item) === path);
    for (const item of list.items) {
      const scalars = isMap(item) ? ['src', 'dest'].map((key) => item.get(key, true)).filter(names) as Scalar[] : names(item) ? [item as Scalar] : [];
      if (scalars.length === 0) continue;
      result.entities.push(entity);
      const offset = (item as Node).range![0];
      const from = String(scalars[0].value);
      if (replacement !== undefined && !listed(replacement)) {
        for (const scalar of scalars) replaceScalar(edit, scalar, replacement);
        const dest = isMap(item) && scalars.includes(item.get('src', true) as Scalar) ? item.get('dest', true) : undefined;
        if (isScalar(dest) && typeof dest.value === 'string' && /(^|\/)environment\.ya?ml$/.test(dest.value)) {
          // `src: x/environment.yml, dest: environment.yml`: the stage file keeps the new file's name.
          replaceScalar(edit, dest, posix.join(posix.dirname(dest.value), posix.basename(replacement)));
        }
        changed.push({ offset, from, to: replacement });
      } else if (isFlow(list)) {
        replaceSeqItem(edit, source.text, list, item as Node, []);
        changed.push({ offset, from });
      } else if (removeBlockSequenceItem(edit, item as Node)) {
        changed.push({ offset, from });
      } else {
        result.leftAlone = true;
      }
    }
  };

  const root = document.contents;
  if (!isMap(root)) return result;
  const entities = root.get('entities', true);
  if (isMap(entities)) {
    for (const pair of entities.items) {
      const artifacts = isMap(pair.value) ? pair.value.get('artifacts', true) : undefined;
      if (isSeq(artifacts)) fixList(artifacts, String((pair.key as Scalar).value));
    }
  }
  const v1 = root.get('streamlit', true);
  if (isMap(v1)) {
    const extra = v1.get('additional_source_files', true);
    if (isSeq(extra)) fixList(extra, 'streamlit');
    const envFile = v1.get('env_file', true);
    if (names(envFile)) {
      result.entities.push('streamlit');
      const scalar = envFile as Scalar;
      if (replacement !== undefined) {
        replaceScalar(edit, scalar, replacement);
        changed.push({ offset: scalar.range![0], from: String(scalar.value), to: replacement });
      } else if (!isFlow(v1)) {
        // Without the key, Snowflake CLI uploads environment.yml only if there is one.
        const { start, end } = pairLines(source.text, pairOf(v1, 'env_file')!);
        edit.remove(start, end);
        changed.push({ offset: start, from: String(scalar.value) });
      } else {
        result.leftAlone = true;
      }
    }
  }
  // A Native App (definition_version 1) bundles its Streamlit's files through `native_app.artifacts`.
  const nativeApp = root.get('native_app', true);
  const nativeArtifacts = isMap(nativeApp) ? nativeApp.get('artifacts', true) : undefined;
  if (isSeq(nativeArtifacts)) fixList(nativeArtifacts, 'native_app');
  if (edit.hasChanges) {
    project.commit(definition, edit);
    result.changes = changed.map((change) => ({ ...change, offset: edit.mapOffset(change.offset) }));
  }
  result.entities = [...new Set(result.entities)];
  return result;
}

/**
 * False only when no scalar of the YAML text can be `path` (or `./path`): this is asked for every
 * definition of the target, once per environment file. A scalar holds its value as written, so
 * the text holds the path, unless the scalar spells it with escapes (which need a backslash), a
 * doubled quote (for a `'` in single quotes) or folded lines (which stand for spaces).
 */
function mayName(text: string, path: string): boolean {
  return text.includes(path) || text.includes('\\') || /[\s']/.test(path);
}

/**
 * True when the definition in `base` cannot name `path` because `path` is outside `base` and the
 * text has no `..` (the relative path starts with `..`, so `mayName` would be false too). This is
 * asked for every definition once per environment file: it spares the `posix.relative` that
 * would otherwise be computed for each pair.
 */
function cannotNameFromOutside(text: string, base: string, path: string): boolean {
  if (base === '' || isBelow(path, base) || text.includes('..') || text.includes('\\')) return false;
  // The relative path is `../` parts then the end of `path`: it has whitespace or a quote only if `path` has.
  return !/[\s']/.test(path) && isClean(base) && isClean(path);
}

/** `posix.relative(base, path)`, without resolving both against the working directory when `path` is inside `base`. */
function relativeTo(base: string, path: string): string {
  if (base === '') return path;
  if (isBelow(path, base) && isClean(base) && isClean(path)) return path.slice(base.length + 1);
  return posix.relative(base, path);
}

function isBelow(path: string, folder: string): boolean {
  return path.length > folder.length + 1 && path.charCodeAt(folder.length) === 0x2f && path.startsWith(folder);
}

/** A normalized relative path: no empty, `.` or `..` part, so slicing it gives what `posix.relative` would. */
function isClean(path: string): boolean {
  return !/(^|\/)\.{0,2}(\/|$)/.test(path);
}

function pathOf(item: unknown): string | undefined {
  const node = isMap(item) ? item.get('src', true) : item;
  return isScalar(node) && typeof node.value === 'string' ? node.value.replace(/^\.\//, '') : undefined;
}
