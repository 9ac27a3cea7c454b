/**
 * manifest.yml for the container runtime: `manifest_version: 2` and the privileges the app needs
 * to create and serve its Streamlit's compute pool (and its warehouse and integration, when the
 * setup script creates them). Edited by range (src/yaml-edit.ts): comments, quoting, key order and
 * the file's own indentation stay; a new item follows the style of the items already listed.
 */
import { isMap, isScalar, isSeq, Node, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { privilegesOf } from '../../src/native-app/manifest';
import { TextEdit } from '../../src/text-edit';
import { columnOf, endOfNodeLines, insertIntoMap, pairOf } from '../../src/yaml-edit';

const DESCRIPTIONS: Record<string, string> = {
  'CREATE COMPUTE POOL': "Create the compute pool that runs the app's Streamlit",
  'BIND SERVICE ENDPOINT': "Serve the app's Streamlit from its compute pool",
  'CREATE WAREHOUSE': "Create the warehouse that runs the queries of the app's Streamlit",
  'CREATE EXTERNAL ACCESS INTEGRATION': "Let the app's Streamlit install its Python packages from PyPI",
};

export interface ManifestChange {
  /** The manifest_version it had, when it was not 2. */
  versionWas?: string;
  added: string[];
}

/**
 * Sets manifest_version to 2 and adds the privileges that `has` says are missing. The inventory
 * has checked that the manifest's layout takes these edits (manifestBlocker).
 */
export function editManifest(edit: TextEdit, wanted: string[], has: (privilege: string) => boolean): ManifestChange {
  const text = edit.original;
  const document = parseDocument(text, { uniqueKeys: false });
  const top = document.contents as YAMLMap;
  const change: ManifestChange = { added: [] };
  const version = pairOf(top, 'manifest_version');
  if (!version) {
    const first = top.items[0]?.key as Node | undefined;
    const at = first?.range ? first.range[0] - columnOf(text, first.range[0]) : 0;
    edit.insert(at, 'manifest_version: 2\n');
    change.versionWas = '(none)';
  } else if (isScalar(version.value) && String(version.value.value).trim() !== '2') {
    // Written as a number: yamlScalar would quote it, and a quoted "2" is a string.
    edit.replace(version.value.range![0], version.value.range![1], '2');
    change.versionWas = String(version.value.value).trim();
  }
  const missing = wanted.filter((privilege) => !has(privilege));
  if (missing.length === 0) return change;
  change.added = missing;
  const privileges = top.get('privileges', true);
  if (isSeq(privileges)) appendPrivileges(edit, text, privileges, missing);
  else insertIntoMap(edit, text, top, ['privileges:', ...privilegeLines(missing, indentUnit(text, top), 0)]);
  return change;
}

function appendPrivileges(edit: TextEdit, text: string, seq: YAMLSeq, missing: string[]): void {
  if (seq.flow) {
    const close = text.lastIndexOf(']', seq.range![1]);
    const before = text.slice(seq.range![0] + 1, close).trim();
    const items = missing.map((name) => `{${name}: {description: ${JSON.stringify(DESCRIPTIONS[name])}}}`);
    edit.insert(close, (before === '' ? '' : before.endsWith(',') ? ' ' : ', ') + items.join(', '));
    return;
  }
  const dash = columnOf(text, seq.range![0]);
  const nested = nestedKeyColumn(text, seq);
  const offset = endOfNodeLines(text, seq);
  const separator = offset === text.length && !/[\r\n]$/.test(text) ? '\n' : '';
  const lines = missing.flatMap((name) => [`${' '.repeat(dash)}- ${name}:`, `${' '.repeat(nested ?? dash + 4)}description: ${JSON.stringify(DESCRIPTIONS[name])}`]);
  edit.insert(offset, `${separator}${lines.join('\n')}\n`);
}

/** Lines of a new block list, for a key at `column`, indented by the file's unit. */
function privilegeLines(missing: string[], unit: number, column: number): string[] {
  const dash = ' '.repeat(column + unit);
  const key = ' '.repeat(column + unit + 2 + unit);
  return missing.flatMap((name) => [`${dash}- ${name}:`, `${key}description: ${JSON.stringify(DESCRIPTIONS[name])}`]);
}

/** The column of `description:` in an item already listed (`- NAME:` then `description:` below), if any. */
function nestedKeyColumn(text: string, seq: YAMLSeq): number | undefined {
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const value = item.items[0]?.value as Node | null | undefined;
    if (isMap(value) && !value.flow && value.items[0]) return columnOf(text, (value.items[0].key as Node).range![0]);
  }
  return undefined;
}

/** How far the manifest indents a nested block (`artifacts:` then `  setup_script:`); 2 when nothing says. */
function indentUnit(text: string, top: YAMLMap): number {
  for (const pair of top.items) {
    const value = pair.value as Node | null;
    if ((isMap(value) || isSeq(value)) && !value.flow && value.range) {
      const column = columnOf(text, value.range[0]);
      if (column > 0) return column;
    }
  }
  return 2;
}

/** What is wrong with an edited manifest, read back: not YAML, not version 2, or a privilege missing. */
export function manifestProblem(text: string, wanted: string[]): string | undefined {
  const document = parseDocument(text, { uniqueKeys: false });
  if (document.errors.length > 0 || !isMap(document.contents)) return 'not be valid YAML';
  if (String(document.get('manifest_version')).trim() !== '2') return 'not say manifest_version: 2';
  const privileges = privilegesOf(document.get('privileges', true) as Node | undefined);
  const missing = wanted.filter((privilege) => !privileges.includes(privilege));
  return missing.length > 0 ? `not request ${missing.join(', ')}` : undefined;
}
