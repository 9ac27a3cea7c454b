/**
 * conda package name -> PyPI distribution, from the table shipped in data/conda-pypi/ (derived
 * from prefix-dev/parselmouth; attribution in NOTICE.md). Lookup order, as its README says:
 * lower-case; `mapping.json` exactly, then by PEP 503 canonical name; absent means the same name
 * (a "known identity" when listed in `identity_names.txt`); `null` means no PyPI distribution;
 * then `version_rules.json`, then `extras_hints.json`; a target in `not_on_pypi.txt` is flagged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalName } from '../../src/pep508';

export type NameLookup =
  | {
      kind: 'pypi';
      /** The PyPI name (the conda name as written when they are the same). */
      name: string;
      extras: string[];
      renamed: boolean;
      /** Listed in the table (as a rename or a known identity). */
      known: boolean;
      /** The PyPI name is not published on PyPI. */
      notOnPypi: boolean;
      /** A marker the requirement must carry (backports of the standard library). */
      marker?: string;
      /** Why a version rule picked the name. */
      why?: string;
    }
  | { kind: 'drop'; reason: string; tooling: boolean };

interface VersionRule {
  rules: { when: string; pypi: string }[];
  default: string | null;
  marker_if_kept?: string;
  why: string;
}

interface Table {
  mapping: Map<string, string | null>;
  canonical: Map<string, string | null>;
  identities: Set<string>;
  notOnPypi: Set<string>;
  extras: Map<string, string>;
  versionRules: Map<string, VersionRule>;
}

/** Where the data lives, in the repository and in the installed package alike. */
export const DATA_DIR = path.join(__dirname, '..', '..', '..', 'data', 'conda-pypi');

/** conda packages that only exist to build the interpreter itself. */
const PYTHON_RUNTIME_LIBRARIES = new Set([
  'openssl', 'ca-certificates', 'tzdata', 'zlib', 'libzlib', 'xz', 'liblzma', 'bzip2', 'sqlite', 'libsqlite', 'libffi',
  'ncurses', 'readline', 'tk', 'libuuid', 'ld_impl_linux-64', 'ld_impl_linux-aarch64', 'libnsl', 'libxcrypt', 'expat',
  'libexpat', 'libedit', 'libmpdec', 'vc', 'vs2015_runtime', 'vc14_runtime', 'ucrt',
]);

/**
 * Snowflake-channel packages the table does not list that Snowflake documents under the same
 * name on PyPI: the Native Apps permission SDK (runtime facts, section 7).
 */
const SNOWFLAKE_IDENTITIES = new Set(['snowflake-native-apps-permission']);

let table: Table | undefined;

function loadTable(): Table {
  if (table) return table;
  const read = (file: string) => fs.readFileSync(path.join(DATA_DIR, file), 'utf8');
  const mapping = new Map(Object.entries(JSON.parse(read('mapping.json')) as Record<string, string | null>));
  const canonical = new Map<string, string | null>();
  for (const [name, target] of mapping) {
    if (!canonical.has(canonicalName(name))) canonical.set(canonicalName(name), target);
  }
  const lines = (file: string) => read(file).split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const identities = new Set(lines('identity_names.txt').map(canonicalName));
  const notOnPypi = new Set(lines('not_on_pypi.txt').map((line) => canonicalName(line.split('\t')[1] ?? line)));
  const extras = new Map(Object.entries(JSON.parse(read('extras_hints.json')) as Record<string, string>));
  const rules = JSON.parse(read('version_rules.json')) as Record<string, VersionRule | string>;
  const versionRules = new Map(Object.entries(rules).filter((entry): entry is [string, VersionRule] => typeof entry[1] === 'object'));
  table = { mapping, canonical, identities, notOnPypi, extras, versionRules };
  return table;
}

/**
 * The PyPI side of a conda name. `admitsOnly(specifier)` answers whether every version the conda
 * spec admits satisfies a PEP 440 specifier (it decides version rules; unpinned specs never do).
 */
export function lookupCondaName(condaName: string, admitsOnly: (specifier: string) => boolean = () => false): NameLookup {
  const data = loadTable();
  const lower = condaName.toLowerCase();
  const key = canonicalName(lower);
  const mapped = data.mapping.has(lower) ? data.mapping.get(lower) : data.canonical.get(key);
  const listed = mapped !== undefined || data.identities.has(key) || SNOWFLAKE_IDENTITIES.has(key);
  let target: string | null = mapped === undefined ? condaName : mapped;
  let extras: string[] = [];
  let marker: string | undefined;
  let why: string | undefined;

  const rule = data.versionRules.get(lower);
  if (rule) {
    target = rule.rules.find((candidate) => admitsOnly(candidate.when))?.pypi ?? rule.default;
    why = rule.why;
    if (target !== null) marker = rule.marker_if_kept;
  }
  if (target === null) return dropFor(lower, why);

  const hint = data.extras.get(lower);
  if (hint) {
    const [, base, list] = /^([^[]+)\[(.*)\]$/.exec(hint) ?? [, hint, ''];
    target = base;
    extras = list.split(',').map((extra) => extra.trim()).filter(Boolean);
  }
  const renamed = canonicalName(target) !== key || extras.length > 0;
  return {
    kind: 'pypi',
    name: renamed ? target : condaName,
    extras,
    renamed,
    known: listed,
    notOnPypi: data.notOnPypi.has(canonicalName(target)),
    ...(marker ? { marker } : {}),
    ...(why && renamed ? { why } : {}),
  };
}

/** Whether the table knows a PyPI name to be absent from PyPI (a conda package's target that PyPI never published). */
export function isNotOnPypi(pypiName: string): boolean {
  return loadTable().notOnPypi.has(canonicalName(pypiName));
}

/** Why a package with no PyPI distribution is dropped, and whether it is only conda tooling. */
function dropFor(name: string, why?: string): NameLookup {
  const drop = (reason: string, tooling: boolean): NameLookup => ({ kind: 'drop', reason, tooling });
  if (why) return drop(`${why}`, true);
  if (name === 'python') return drop('the container runtime provides Python 3.11', true);
  if (name === 'pip') return drop('pip is the installer, not a dependency', true);
  if (/^(conda|mamba|micromamba|conda-build|boa|conda-.*|.*-conda-plugin|python_abi)$/.test(name)) {
    return drop('conda tooling, not needed with PyPI', true);
  }
  if (/^_|^__/.test(name)) return drop('a conda-internal or virtual package', true);
  if (/compiler|^(gcc|gxx|gfortran|clang|clangxx|binutils|ld64|cctools|make|cmake|ninja|pkg-config)([-_].*)?$/.test(name)) {
    return drop('a compiler or build tool, not a Python package', true);
  }
  if (/^(libgcc|libstdcxx|libgfortran|libgomp)([-_].*)?$/.test(name)) {
    return drop('a compiler runtime library; PyPI wheels bundle what they need', true);
  }
  if (PYTHON_RUNTIME_LIBRARIES.has(name)) return drop('part of the Python installation the container runtime provides', true);
  if (/^(font-|fonts-)/.test(name)) return drop('a font package, not a Python package', true);
  if (/^(cudatoolkit|cudnn|nccl|pytorch-cuda|cuda-.*|cuda|cpuonly|mkl|blas|openblas|libblas|libcblas|liblapack|intel-openmp|llvm-openmp)$/.test(name)) {
    return drop('a conda build variant or native library that PyPI wheels bundle themselves', true);
  }
  return drop('it has no PyPI distribution (a system library or conda-only package); the container runtime installs only PyPI packages', false);
}
