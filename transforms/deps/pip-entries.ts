/**
 * The `pip:` sub-list of an environment.yml. conda hands it verbatim to `pip install -r`, so each
 * entry is a pip requirements-file line; only its PEP 508 part can go to requirements.txt or
 * pyproject.toml (shared/docs/conda-matchspec.md section 6).
 */
import { lookupTable } from '../../src/lookup-table';
import { parseRequirement, Requirement } from '../../src/pep508';
import { maskSecrets } from '../../src/secret-mask';
import { Note } from './notes';

export interface PipEntry {
  requirement: Requirement;
  /** The entry as written, when it can be emitted verbatim. */
  verbatim?: string;
}

const VCS_OR_URL = /^(git|hg|svn|bzr)\+|^https?:\/\/|^file:/i;
const PIP_OPTION_ADVICE = lookupTable({
  '-i': 'to install from another index, use pyproject.toml with a `[[tool.uv.index]]` table',
  '--index-url': 'to install from another index, use pyproject.toml with a `[[tool.uv.index]]` table',
  '--extra-index-url': 'to install from another index, use pyproject.toml with a `[[tool.uv.index]]` table',
  '-r': 'copy the requirements of that file into the new dependency file',
  '--requirement': 'copy the requirements of that file into the new dependency file',
  '-c': 'apply those constraints by hand (pyproject.toml: `[tool.uv] constraint-dependencies`)',
  '--constraint': 'apply those constraints by hand (pyproject.toml: `[tool.uv] constraint-dependencies`)',
});

/** One `pip:` entry: a requirement to emit, or nothing (with the reason in `notes`). */
export function convertPipEntry(text: string, notes: Note[], offset: number): PipEntry | undefined {
  // pip strips a comment only where `#` follows whitespace; `#egg=` in a URL is not one.
  const line = text.replace(/(^|\s)#.*$/, '').trim();
  if (line === '') return undefined;
  const shown = maskSecrets(line);
  const add = (note: Omit<Note, 'offset'>) => notes.push({ ...note, offset });
  if (line !== shown) {
    add({
      kind: 'manual',
      code: 'credentials-in-url',
      message: `the pip entry \`${shown}\` carries credentials in its URL, so it was not copied: add it by hand with the credentials in a Snowflake secret (for a private index: pyproject.toml \`[[tool.uv.index]]\`, the secret mapped to \`UV_INDEX_<NAME>\`), then delete environment.yml, which was kept so that nothing is lost`,
    });
    return undefined;
  }

  const editable = /^(-e|--editable)(?:\s+|=)(.+)$/.exec(line);
  if (editable) {
    const target = editable[2].trim();
    if (!VCS_OR_URL.test(target) || /^file:/i.test(target)) return localPackage(shown, add);
    const entry = urlRequirement(target, shown, add);
    if (entry) {
      add({
        kind: 'warning',
        code: 'editable-install',
        message: `\`${shown}\` is an editable install, which a PEP 508 requirement cannot express: written as \`${entry.requirement.name} @ ${entry.requirement.url}\``,
        name: entry.requirement.name,
      });
    }
    return entry;
  }
  if (line.startsWith('-')) {
    const option = /^(-[a-zA-Z]|--[a-z-]+)/.exec(line)![1];
    const advice = PIP_OPTION_ADVICE[option] ?? 'it has no place in a PEP 508 requirement list';
    add({ kind: 'manual', code: 'pip-option', message: `dropped the pip option \`${shown}\`: ${advice}` });
    return undefined;
  }
  if (/^(\.{1,2}[\\/]|\.$|\/|~|[A-Za-z]:\\)/.test(line) || /^[^\s@;]+\.(whl|tar\.gz|zip)$/.test(line) && !VCS_OR_URL.test(line)) {
    return localPackage(shown, add);
  }
  if (VCS_OR_URL.test(line)) return urlRequirement(line, shown, add);

  const [requirementText, ...options] = line.split(/\s+(?=--[a-z])/);
  if (options.length > 0) {
    const hashes = options.some((option) => option.startsWith('--hash'));
    add({
      kind: 'warning',
      code: 'pip-option-dropped',
      message: `dropped ${options.map((option) => `\`${option.split('=')[0].split(/\s/)[0]}\``).filter(unique).join(', ')} from \`${requirementText}\`: per-requirement pip options are not PEP 508${hashes ? ' (for hash-checked installs, lock with `uv lock` and pyproject.toml)' : ''}`,
    });
  }
  const parsed = parseRequirement(requirementText);
  if (typeof parsed !== 'string') return { requirement: parsed, verbatim: requirementText.trim() };
  const condaStyle = /^([A-Za-z0-9][\w.-]*)\s*=\s*([A-Za-z0-9][\w.+!-]*)$/.exec(requirementText);
  if (condaStyle) {
    const fixed = parseRequirement(`${condaStyle[1]}==${condaStyle[2]}`);
    if (typeof fixed !== 'string') {
      add({
        kind: 'warning',
        code: 'pip-conda-syntax',
        message: `\`${requirementText}\` uses conda's \`=\` in the pip list, which pip rejects: written as \`${condaStyle[1]}==${condaStyle[2]}\``,
        name: fixed.name,
      });
      return { requirement: fixed };
    }
  }
  add({ kind: 'manual', code: 'invalid-requirement', message: `the pip entry \`${shown}\` is not a valid requirement (${parsed}); it was not converted: add it by hand` });
  return undefined;
}

function localPackage(shown: string, add: (note: Omit<Note, 'offset'>) => void): undefined {
  add({
    kind: 'manual',
    code: 'local-package',
    message: `dropped \`${shown}\`: it installs local code, which the container runtime cannot reach from a dependency file; add that code to the app's source files (or build a wheel into them and list it as \`name @ file:...\`)`,
  });
  return undefined;
}

/** `git+https://host/repo.git@ref#egg=name` -> `name @ git+https://host/repo.git@ref`. */
function urlRequirement(url: string, shown: string, add: (note: Omit<Note, 'offset'>) => void): PipEntry | undefined {
  const parsed = pipUrlRequirement(url);
  if (parsed === undefined) {
    add({
      kind: 'manual',
      code: 'unnamed-url',
      message: `dropped \`${shown}\`: a URL requirement needs the package's name (\`name @ ${url.split('#', 1)[0]}\`); add it by hand`,
    });
    return undefined;
  }
  if (typeof parsed === 'string') {
    add({ kind: 'manual', code: 'invalid-requirement', message: `the pip entry \`${shown}\` could not be written as a requirement (${parsed}); add it by hand` });
    return undefined;
  }
  return { requirement: parsed };
}

/**
 * A pip requirement-file line that is a bare URL (`https://.../pkg-1.0-py3-none-any.whl`,
 * `git+https://host/repo.git#egg=pkg`) as the PEP 508 requirement it installs: the name comes from
 * `#egg=` or the archive's file name. Undefined when neither names the package; a reason when the
 * result is not PEP 508.
 */
export function pipUrlRequirement(url: string): Requirement | string | undefined {
  const [location, fragment = ''] = url.split('#', 2);
  const params = new URLSearchParams(fragment);
  const fromWheel = /\/([A-Za-z0-9][A-Za-z0-9_.]*?)-\d[^/]*\.(whl|tar\.gz|zip)$/.exec(location)?.[1];
  const name = params.get('egg')?.replace(/\[.*$/, '') ?? fromWheel;
  if (!name) return undefined;
  params.delete('egg');
  const rest = params.toString();
  return parseRequirement(`${name} @ ${location}${rest ? `#${rest}` : ''}`);
}

/** Whether a pip requirement-file line is a URL or VCS reference rather than a requirement. */
export function isPipUrl(line: string): boolean {
  return VCS_OR_URL.test(line);
}

function unique<T>(value: T, index: number, all: T[]): boolean {
  return all.indexOf(value) === index;
}
