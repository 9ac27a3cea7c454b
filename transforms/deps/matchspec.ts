/**
 * A conda MatchSpec (one `dependencies:` string of an environment.yml), parsed the way conda's own
 * `_parse_spec_str` does (shared/docs/conda-matchspec.md section 2): comment, bracket block,
 * channel, name, then version and build.
 */

export interface MatchSpec {
  name: string;
  channel?: string;
  /** A bracket block without `key=value` pairs (`pkg[extra]`): conda ignores it; PEP 508 reads extras. */
  extras: string[];
  /** The version expression after conda's sanitising (`=1.2` is `1.2*`); undefined for any version. */
  version?: string;
  build?: string;
  /** `key=value` pairs of the bracket block other than `version` and `build`. */
  keys: Record<string, string>;
  /** Parts conda itself ignores or that have no meaning outside conda, to report. */
  ignored: string[];
}

const VERSION_BUILD = /((?:.+?)[^><!,|]?)(?:(?<![=!|,<>~])(?:[ =])([^-=,|<>~]+?))?$/;
const BRACKET_PAIR = /([a-zA-Z0-9_-]+?)=(["']?)([^'"]*?)\2(?:[, ]|$)/g;
const EXTRAS_LIST = /^\s*[A-Za-z0-9][\w.-]*(?:\s*,\s*[A-Za-z0-9][\w.-]*)*\s*$/;

export function parseMatchSpec(text: string): MatchSpec | { error: string } {
  const ignored: string[] = [];
  let spec = text.trim();
  const hash = spec.indexOf('#');
  if (hash !== -1) spec = spec.slice(0, hash).trim();
  const conditional = spec.indexOf(' if ');
  if (conditional !== -1) {
    ignored.push(`the condition \`${spec.slice(conditional + 1)}\``);
    spec = spec.slice(0, conditional).trim();
  }
  if (/:\/\/|\.tar\.bz2$|\.conda$/.test(spec) && !spec.includes('::')) {
    return { error: 'it names a package file or URL, which has no PyPI equivalent' };
  }

  const keys: Record<string, string> = {};
  const extras: string[] = [];
  const bracket = /^(.*)(\[.*\])/s.exec(spec);
  if (bracket) {
    const block = bracket[2];
    spec = spec.replace(block, '');
    const inner = block.slice(1, -1);
    for (const [, key, , value] of inner.matchAll(BRACKET_PAIR)) {
      if (!value) return { error: `the bracket key \`${key}\` has no value` };
      keys[key.toLowerCase()] = value;
    }
    if (Object.keys(keys).length === 0 && inner.trim() !== '') {
      if (EXTRAS_LIST.test(inner)) extras.push(...inner.split(',').map((extra) => extra.trim()));
      else ignored.push(`the bracket \`${block}\``);
    }
  }

  let channel: string | undefined;
  const separator = spec.lastIndexOf('::');
  if (separator !== -1) {
    channel = spec.slice(0, separator);
    spec = spec.slice(separator + 2);
  }

  const [, name = '', rest = ''] = /^([^ =<>!~]*)(.*)$/s.exec(spec.trim())!;
  if (name === '') return { error: 'it has no package name' };
  let version: string | undefined;
  let build: string | undefined;
  const tail = rest.trim();
  if (tail !== '') {
    if (tail.includes('[')) return { error: 'it has more than one bracket block' };
    const parts = VERSION_BUILD.exec(tail);
    version = (parts ? parts[1] : tail).replace(/ /g, '');
    build = parts?.[2]?.trim() || undefined;
    const sanitised = sanitiseVersion(version, build);
    if (typeof sanitised !== 'string' && sanitised !== undefined) return sanitised;
    version = sanitised;
  }
  if (keys.version !== undefined) version = keys.version.replace(/ /g, '');
  if (keys.build !== undefined) build = keys.build;
  delete keys.version;
  delete keys.build;
  if (version === '*' || version === '') version = undefined;
  return {
    name,
    ...(channel !== undefined ? { channel } : {}),
    extras,
    ...(version !== undefined ? { version } : {}),
    ...(build !== undefined ? { build } : {}),
    keys,
    ignored,
  };
}

/** conda's `_sanitize_version_str`: `=1.2` is a prefix (`1.2*`) unless a build string follows. */
function sanitiseVersion(version: string, build: string | undefined): string | undefined | { error: string } {
  if (version === '=') return undefined;
  if (/^(==|!=|<=|>=|<|>|~=)$/.test(version)) return { error: `\`${version}\` has no version after it` };
  if (!version.startsWith('=')) return version;
  const test = version.slice(1);
  if (version.startsWith('==') && build === undefined) return version.slice(2);
  if (/[=,|]/.test(test)) return version;
  return build === undefined && !test.endsWith('*') ? `${test}*` : test;
}

/** A build string that selects a variant (CUDA, CPU-only, BLAS flavour), not just a rebuild. */
export function isVariantBuild(build: string): boolean {
  return /cuda|cpu|gpu|mkl|openblas|nomkl|blas|rocm/i.test(build);
}
