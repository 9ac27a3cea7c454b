/**
 * One environment.yml to the PyPI requirements the container runtime needs: names through the
 * conda -> PyPI table, versions through the MatchSpec translation, `pip:` entries as they are,
 * then duplicates merged and the runtime's policies applied (Python 3.11, Streamlit >= 1.50,
 * pre-installed packages). Pure: text in, requirements and notes out.
 */
import { Alias, isAlias, isMap, isScalar, isSeq, Scalar, YAMLMap } from 'yaml';
import { lookupTable } from '../../src/lookup-table';
import { parseYaml } from '../../src/parsed-files';
import { canonicalName, formatRequirement, Requirement } from '../../src/pep508';
import { maskSecrets, urlCredentialsAt } from '../../src/secret-mask';
import { isVariantBuild, MatchSpec, parseMatchSpec } from './matchspec';
import { lookupCondaName } from './names';
import { Note } from './notes';
import { convertPipEntry } from './pip-entries';
import { admitsAny, admitsAtLeast, admitsOnlyWithin, Clause, formatClauses, isSatisfiable, parseSpecifier, translateVersion }
  from './versions';

export const CONTAINER_PYTHON = '3.11';
export const MIN_STREAMLIT = '1.50';
/** Installed in every container runtime image (runtime facts, section 3). */
export const PREINSTALLED = new Set(['python', 'streamlit', 'snowflake-snowpark-python']);

export interface Emitted {
  requirement: Requirement;
  /** The text to write, when it is the entry as the user wrote it (pip entries). */
  verbatim?: string;
  fromPip: boolean;
  /** The entry as written in environment.yml, for messages. */
  source: string;
  offset: number;
  /** The PyPI name is known not to be published on PyPI: the line must not be written, or uv fails. */
  notOnPypi?: true;
  /** Set when the runtime policy raised a Streamlit pin: the entry as written, which asked for less. */
  raisedFrom?: string;
}

export interface Conversion {
  requirements: Emitted[];
  /** `requires-python` for pyproject output: the conda pin when it admits 3.11, else `>=3.11`. */
  requiresPython: string;
  /** The environment's `name:`, if any. */
  environmentName?: string;
  /**
   * The file holds values that were not converted and may be secrets (environment variables, URL
   * credentials): it must stay, and no diff may print it.
   */
  keep: boolean;
  notes: Note[];
}

export interface ConversionError {
  message: string;
  offset?: number;
}

/** Findings about values that stay only in environment.yml, which must therefore be kept. */
export const KEEP_CODES = new Set(['environment-variables', 'credentials-in-url']);
const KNOWN_KEYS = new Set(['name', 'channels', 'dependencies', 'prefix']);
const PYTHON_PROBES = Array.from({ length: 40 }, (_, patch) => `${CONTAINER_PYTHON}.${patch}`);
const SELECTOR_MARKERS = lookupTable({
  linux: 'sys_platform == "linux"',
  linux64: 'sys_platform == "linux" and platform_machine == "x86_64"',
  osx: 'sys_platform == "darwin"',
  osx64: 'sys_platform == "darwin" and platform_machine == "x86_64"',
  win: 'sys_platform == "win32"',
  win64: 'sys_platform == "win32" and platform_machine == "AMD64"',
  arm64: 'platform_machine == "arm64"',
  aarch64: 'platform_machine == "aarch64"',
  unix: 'sys_platform != "win32"',
});

export function convertEnvironment(text: string): Conversion | ConversionError {
  const document = parseYaml(text);
  if (document.errors.length > 0) {
    const error = document.errors[0];
    return { message: `is not valid YAML: ${error.message.split('\n')[0].replace(/:$/, '')}`, offset: error.pos[0] };
  }
  const root = document.contents;
  if (!isMap(root)) return { message: 'is not a conda environment file (expected a mapping with `dependencies`)' };
  const dependencies = root.get('dependencies', true);
  if (!isSeq(dependencies) || dependencies.items.length === 0) {
    return { message: 'has no `dependencies` list, so there is nothing to convert' };
  }

  const notes: Note[] = [];
  reportOtherKeys(root, notes);
  const emitted: Emitted[] = [];
  let python: { clauses: Clause[]; source: string; offset: number } | undefined;
  for (const raw of dependencies.items) {
    const item = isAlias(raw) ? (raw as Alias).resolve(document) : raw;
    const offset = (raw as Scalar).range?.[0] ?? 0;
    if (isScalar(item) && typeof item.value === 'string') {
      const shown = maskSecrets(item.value);
      const result = convertCondaEntry(item.value, offset, selectorOf(raw as Scalar), notes);
      if ('error' in result) return { message: `has an entry \`${shown}\` that is not a conda package spec: ${result.error}`, offset };
      if ('python' in result) python = { clauses: result.python, source: shown, offset };
      else if (result.requirement) {
        emitted.push({ requirement: result.requirement, fromPip: false, source: shown, offset, ...(result.notOnPypi ? { notOnPypi: true } : {}) });
      }
    } else if (isMap(item) && item.items.length === 1 && isScalar(item.items[0].key) && item.items[0].key.value === 'pip') {
      const list = item.items[0].value;
      if (!isSeq(list)) return { message: 'has a `pip:` entry that is not a list', offset };
      for (const pipItem of list.items) {
        const pipOffset = (pipItem as Scalar).range?.[0] ?? offset;
        if (!isScalar(pipItem) || typeof pipItem.value !== 'string') {
          return { message: 'has a `pip:` entry that is not a string', offset: pipOffset };
        }
        const entry = convertPipEntry(pipItem.value, notes, pipOffset);
        if (entry) emitted.push({ ...entry, fromPip: true, source: maskSecrets(pipItem.value), offset: pipOffset });
      }
    } else {
      return { message: 'has a dependency that is neither a package spec nor a `pip:` list', offset };
    }
  }

  const credentials = urlCredentialsAt(text);
  if (credentials !== -1 && !notes.some((note) => note.code === 'credentials-in-url')) {
    notes.push({
      kind: 'manual',
      code: 'credentials-in-url',
      message: 'environment.yml holds a URL with credentials (not shown), which has no place in a PyPI dependency file: environment.yml was kept so that no diff prints them; delete it once the credentials are in a Snowflake secret',
      offset: credentials,
    });
  }
  const requirements = applyRuntimePolicies(mergeDuplicates(emitted, notes), notes);
  const name = root.get('name');
  return {
    requirements,
    requiresPython: pythonPolicy(python, notes),
    ...(typeof name === 'string' ? { environmentName: name } : {}),
    keep: notes.some((note) => KEEP_CODES.has(note.code)),
    notes,
  };
}

type EntryResult = { requirement?: Requirement; notOnPypi?: boolean } | { python: Clause[] } | { error: string };

/** One conda entry: a requirement, the Python pin, or a drop (with its note). */
function convertCondaEntry(written: string, offset: number, selector: string | undefined, notes: Note[]): EntryResult {
  const spec = parseMatchSpec(written);
  // Messages quote the entry; a channel URL may carry credentials.
  const text = maskSecrets(written);
  if ('error' in spec) return spec;
  const translation = spec.version === undefined ? { clauses: [], warnings: [] } : translateVersion(spec.version);
  if ('error' in translation) return { error: `its version \`${spec.version}\` cannot be read (${translation.error})` };
  const note = (kind: Note['kind'], code: string, message: string, name?: string) =>
    notes.push({ kind, code, message, offset, ...(name ? { name } : {}) });

  if (spec.name.toLowerCase() === 'python') return { python: pythonClauses(translation.clauses) };
  const lookup = lookupCondaName(spec.name, (when) => admitsOnlyWithin(translation.clauses, when));
  if (lookup.kind === 'drop') {
    note(lookup.tooling ? 'info' : 'warning', 'dropped', `dropped \`${text}\`: ${lookup.reason}`);
    return {};
  }
  const markers = [SELECTOR_MARKERS[selector ?? ''], lookup.marker].filter(Boolean);
  if (selector && !SELECTOR_MARKERS[selector]) note('warning', 'selector-ignored', `the selector \`# [${selector}]\` on \`${text}\` has no PEP 508 marker here and was ignored`);
  const requirement: Requirement = {
    name: lookup.name,
    extras: [...new Set([...spec.extras, ...lookup.extras])],
    specifier: formatClauses(translation.clauses),
    ...(markers.length > 0 ? { marker: markers.length === 1 ? markers[0]! : markers.map((m) => `(${m})`).join(' and ') } : {}),
  };
  const line = formatRequirement(requirement);
  const about = lookup.name;

  if (lookup.renamed) {
    note('info', 'renamed', `\`${spec.name}\` is \`${formatRequirement({ ...requirement, specifier: '' }).replace(/;.*/, '')}\` on PyPI${lookup.why ? ` (${lookup.why})` : ''}`, about);
  } else if (!lookup.known) {
    note('warning', 'unknown-package', `\`${spec.name}\` is not in the conda-to-PyPI table: kept as \`${spec.name}\`; check that PyPI has a package of that name`, about);
  }
  if (lookup.marker) {
    note('info', 'backport', `\`${lookup.name}\` backports a standard-library module: kept with the marker \`${lookup.marker}\`, so it is not installed on Python ${CONTAINER_PYTHON}`, about);
  }
  reportCondaOnlyParts(spec, text, line, note, about);
  for (const warning of translation.warnings) note('warning', 'version-approximated', `\`${text}\`: ${warning}`, about);
  if ('or' in translation && translation.or) {
    if (translation.or.exact) {
      note('warning', 'or-spec', `\`${text}\` uses \`|\` (OR), which PEP 440 lacks: written as \`${line}\`, which admits the same releases`, about);
    } else {
      note('manual', 'or-spec', `\`${text}\` uses \`|\` (OR), which PEP 440 cannot express: wrote \`${line}\`, the narrowest range covering every branch, which also admits versions between them; narrow it by hand if that matters`, about);
    }
  }
  return { requirement, notOnPypi: lookup.notOnPypi };
}

function reportCondaOnlyParts(spec: MatchSpec, text: string, written: string,
  note: (kind: Note['kind'], code: string, message: string, name?: string) => void, about: string): void {
  if (spec.channel !== undefined) {
    note('info', 'channel-dropped', `\`${text}\`: dropped the channel \`${maskSecrets(spec.channel)}::\` (PyPI has no channels)`, about);
  }
  if (spec.build !== undefined) {
    const variant = isVariantBuild(spec.build);
    note(variant ? 'warning' : 'info', 'build-dropped',
      `\`${text}\`: dropped the build string \`${spec.build}\` (PyPI has no builds); kept \`${written}\`${variant ? '. The build chose a variant (CUDA, CPU, BLAS): check the PyPI wheel is the one you need' : ''}`, about);
  }
  for (const key of Object.keys(spec.keys)) {
    note('info', 'conda-key-dropped', `\`${text}\`: dropped \`[${key}=...]\`, which has no PyPI meaning`, about);
  }
  for (const part of spec.ignored) note('warning', 'conda-part-ignored', `\`${text}\`: ignored ${part}`, about);
}

/** conda-lock's `# [linux64]` selector comment on an entry. */
function selectorOf(node: Scalar): string | undefined {
  return /^\s*\[\s*([\w-]+)\s*\]/.exec(node.comment ?? '')?.[1];
}

/** `python==3.10` is literally 3.10.0, but every author means the 3.10 series. */
function pythonClauses(clauses: Clause[]): Clause[] {
  return clauses.map((clause) => (clause.op === '==' && !clause.prefix && clause.version.split('.').length === 2
    ? { ...clause, prefix: true }
    : clause));
}

/** Whether a Python version specifier admits the container runtime's Python (any 3.11.x). */
export function admitsContainerPython(specifier: string): boolean {
  return admitsAny(specifier, PYTHON_PROBES);
}

function pythonPolicy(python: { clauses: Clause[]; source: string; offset: number } | undefined, notes: Note[]): string {
  const fallback = `>=${CONTAINER_PYTHON}`;
  if (!python) return fallback;
  const specifier = formatClauses(python.clauses);
  if (specifier === '' || admitsContainerPython(specifier)) {
    notes.push({
      kind: 'info',
      code: 'python',
      message: `dropped \`${python.source}\`: the container runtime provides Python ${CONTAINER_PYTHON}`,
      offset: python.offset,
    });
    return specifier === '' ? fallback : specifier;
  }
  notes.push({
    kind: 'manual',
    code: 'python-version',
    message: `\`${python.source}\` excludes Python ${CONTAINER_PYTHON}, the only Python the container runtime has: check that the app and its packages work on ${CONTAINER_PYTHON}`,
    offset: python.offset,
  });
  return fallback;
}

function reportOtherKeys(root: YAMLMap, notes: Note[]): void {
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || KNOWN_KEYS.has(key)) continue;
    const offset = (pair.key as Scalar).range?.[0];
    if (key === 'variables') {
      // Names only: the values may be secrets.
      const names = isMap(pair.value) ? pair.value.items.map((item) => `\`${String((item.key as Scalar).value)}\``).join(', ') : '(not a mapping)';
      notes.push({
        kind: 'manual',
        code: 'environment-variables',
        message: `environment.yml sets the environment variables ${names}, which the container runtime does not read: set them another way (for secrets, a Snowflake secret on the app, which the container runtime maps to an environment variable), then delete environment.yml, which was kept so that their values are not lost`,
        offset,
      });
    } else {
      notes.push({ kind: 'warning', code: 'ignored-key', message: `the key \`${key}:\` has no equivalent for the container runtime and was not converted`, offset });
    }
  }
}

/**
 * Entries that name the same PyPI package become one: a `pip:` line wins over conda ones (pip runs
 * after conda), conda lines are intersected.
 */
function mergeDuplicates(entries: Emitted[], notes: Note[]): Emitted[] {
  const groups = new Map<string, Emitted[]>();
  for (const entry of entries) {
    const key = `${canonicalName(entry.requirement.name)};${entry.requirement.marker ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const merged: Emitted[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) {
      merged.push(group[0]);
      continue;
    }
    const pip = group.filter((entry) => entry.fromPip);
    const name = group[0].requirement.name;
    const sources = group.map((entry) => `\`${entry.source}\``).join(', ');
    if (pip.length > 0) {
      const winner = pip[pip.length - 1];
      merged.push(winner);
      const overridden = group.filter((entry) => entry !== winner && entry.requirement.specifier !== winner.requirement.specifier);
      if (overridden.length > 0) {
        notes.push({
          kind: 'warning',
          code: 'duplicate',
          message: `${sources} name the same PyPI package: kept the \`pip:\` entry \`${winner.source}\`, as conda did (pip runs after conda)`,
          offset: winner.offset,
          name,
        });
      }
      continue;
    }
    const clauses = [...new Set(group.flatMap((entry) => entry.requirement.specifier.split(',')).filter(Boolean))];
    const requirement: Requirement = {
      ...group[0].requirement,
      extras: [...new Set(group.flatMap((entry) => entry.requirement.extras))],
      specifier: clauses.join(','),
    };
    if (!isSatisfiable(parseSpecifier(requirement.specifier))) {
      merged.push(group[0]);
      notes.push({
        kind: 'manual',
        code: 'duplicate',
        message: `${sources} name the same PyPI package with versions that exclude each other: kept \`${formatRequirement(group[0].requirement)}\`; choose the version by hand`,
        offset: group[0].offset,
        name,
      });
      continue;
    }
    merged.push({ ...group[0], requirement });
    notes.push({
      kind: 'info',
      code: 'duplicate',
      message: `${sources} name the same PyPI package: merged into \`${formatRequirement(requirement)}\``,
      offset: group[0].offset,
      name,
    });
  }
  return merged;
}

/**
 * Streamlit >= 1.50 (the raise is reported once it is known whether the line was written: the
 * folder's file may already have a Streamlit line of its own); no line for a pre-installed
 * package the user did not pin.
 */
function applyRuntimePolicies(entries: Emitted[], notes: Note[]): Emitted[] {
  const kept: Emitted[] = [];
  for (const entry of entries) {
    const { requirement } = entry;
    const name = canonicalName(requirement.name);
    const plain = requirement.specifier === '' && requirement.url === undefined && requirement.extras.length === 0 && !requirement.marker;
    if (PREINSTALLED.has(name) && plain) {
      notes.push({
        kind: 'info',
        code: 'preinstalled',
        message: `dropped \`${entry.source}\`: the container runtime pre-installs \`${requirement.name}\` (list it only to pin a version)`,
        offset: entry.offset,
      });
      continue;
    }
    if (name === 'streamlit' && requirement.url === undefined && !admitsAtLeast(parseSpecifier(requirement.specifier), MIN_STREAMLIT)) {
      kept.push({ ...entry, requirement: { ...requirement, specifier: `>=${MIN_STREAMLIT}` }, verbatim: undefined, raisedFrom: entry.source });
      continue;
    }
    kept.push(entry);
  }
  return kept;
}
