/**
 * The table of Streamlit's API that apps are checked against: every module of the streamlit
 * package and the names it defines, as `scripts/streamlit-api-table.py` wrote them from the
 * Streamlit wheel on the machine (data/streamlit-api/names.txt). The container runtime runs
 * Streamlit 1.50 or later; the table is of the version it was generated from, named in its header.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where the table lives, in the repository and in the installed package alike. */
export const API_TABLE_FILE = path.join(__dirname, '..', '..', '..', 'data', 'streamlit-api', 'names.txt');

export interface ApiTable {
  /** The Streamlit version the table was generated from. */
  version: string;
  /** Each module's names; undefined for a module that exists but could not be imported to list them. */
  modules: Map<string, Set<string> | undefined>;
}

export interface ApiTableHeader {
  version: string;
  modules: number;
  names: number;
  sha256: string;
}

let loaded: ApiTable | undefined;

export function apiTable(): ApiTable {
  loaded ??= parseApiTable(fs.readFileSync(API_TABLE_FILE, 'utf8')).table;
  return loaded;
}

/** The table, the counts and checksum its header states, and the checksum of its lines as they are. */
export function parseApiTable(text: string): { table: ApiTable; header?: ApiTableHeader; actualSha256: string } {
  const lines = text.split('\n');
  const body = lines.filter((line) => line !== '' && !line.startsWith('#'));
  const stated = lines.map((line) => /^# streamlit (\S+) modules (\d+) names (\d+) sha256 ([0-9a-f]{64})$/.exec(line))
    .find((match) => match !== null);
  const modules = new Map<string, Set<string> | undefined>();
  for (const line of body) {
    const [name, rest] = [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()];
    modules.set(name, rest === '?' ? undefined : new Set(rest.split(' ').filter(Boolean)));
  }
  return {
    table: { version: stated?.[1] ?? 'unknown', modules },
    ...(stated ? { header: { version: stated[1], modules: Number(stated[2]), names: Number(stated[3]), sha256: stated[4] } } : {}),
    actualSha256: createHash('sha256').update(body.map((line) => `${line}\n`).join('')).digest('hex'),
  };
}

/**
 * The first part of a qualified `streamlit.` name that the table does not have: the module it was
 * looked up in and the missing name (`streamlit.bokeh_chart` -> `streamlit`, `bokeh_chart`).
 * Only module members are checked: past a name that is not a module (a class, `st.sidebar`), the
 * rest is not. Undefined when the name exists, or cannot be checked.
 */
export function missingName(table: ApiTable, qualified: string): { module: string; name: string } | undefined {
  const parts = qualified.split('.');
  if (parts[0] !== 'streamlit') return undefined;
  let module = 'streamlit';
  for (const part of parts.slice(1)) {
    const submodule = `${module}.${part}`;
    if (table.modules.has(submodule)) {
      module = submodule;
      continue;
    }
    const names = table.modules.get(module);
    // Every module has its dunder attributes (`__version__`, `__file__`, `__name__`), which the table leaves out.
    if (names === undefined || names.has(part) || /^__\w+__$/.test(part)) return undefined;
    return { module, name: part };
  }
  return undefined;
}
