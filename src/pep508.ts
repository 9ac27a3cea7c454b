/**
 * PEP 508 dependency specifiers (https://packaging.python.org/en/latest/specifications/dependency-specifiers/):
 * parse one requirement, write one back, and compare two. Version specifiers are checked with
 * @renovatebot/pep440, a port of `packaging.specifiers`.
 */
import { validRange } from '@renovatebot/pep440';

export interface Requirement {
  /** The distribution name as written. */
  name: string;
  /** Extras as written, in order. */
  extras: string[];
  /** The version specifier without spaces (`>=1,<2`), or '' for none; always '' with a URL. */
  specifier: string;
  /** A direct reference (`name @ url`). */
  url?: string;
  /** The environment marker, whitespace collapsed (`python_version < "3.8"`). */
  marker?: string;
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const EXTRA = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const VERSION_CLAUSE = /^\s*(===|~=|==|!=|<=|>=|<|>)\s*([A-Za-z0-9_.*+!-]+)\s*$/;
const MARKER_VARIABLES = new Set([
  'python_version', 'python_full_version', 'os_name', 'sys_platform', 'platform_release', 'platform_system',
  'platform_version', 'platform_machine', 'platform_python_implementation', 'implementation_name',
  'implementation_version', 'extra', 'extras', 'dependency_groups',
  // Deprecated dotted and underscored forms that packaging still accepts.
  'os.name', 'sys.platform', 'platform.version', 'platform.machine', 'platform.python_implementation',
  'python_implementation',
]);

/** PEP 503 normalised name: the key pip and uv compare distributions by. */
export function canonicalName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** Parses one requirement; returns a reason when the text is not a PEP 508 requirement. */
export function parseRequirement(text: string): Requirement | string {
  const source = text.trim();
  const name = NAME.exec(source)?.[0];
  if (!name) return 'it does not start with a package name';
  let rest = source.slice(name.length).trimStart();
  const extras: string[] = [];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) return 'its extras are missing a closing `]`';
    const list = rest.slice(1, close).trim();
    for (const extra of list === '' ? [] : list.split(',').map((item) => item.trim())) {
      if (!EXTRA.test(extra)) return `\`${extra}\` is not a valid extra name`;
      extras.push(extra);
    }
    rest = rest.slice(close + 1).trimStart();
  }
  let url: string | undefined;
  let specifier = '';
  let markerText: string | undefined;
  if (rest.startsWith('@')) {
    const match = /^@\s*(\S+)(.*)$/s.exec(rest);
    if (!match || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(match[1])) return 'its direct reference is not a URL';
    url = match[1];
    const after = match[2];
    if (after.trim() !== '') {
      // A URL ends at whitespace, so a marker after it needs a space before the `;`.
      if (!/^\s+;/.test(after)) return 'a marker after a URL must be separated from it by a space';
      markerText = after.trim().slice(1);
    }
  } else {
    const semicolon = rest.indexOf(';');
    let versionPart = semicolon === -1 ? rest : rest.slice(0, semicolon);
    if (semicolon !== -1) markerText = rest.slice(semicolon + 1);
    versionPart = versionPart.trim();
    if (versionPart.startsWith('(')) {
      if (!versionPart.endsWith(')')) return 'its version specifier is missing a closing `)`';
      versionPart = versionPart.slice(1, -1).trim();
    }
    if (versionPart !== '') {
      const clauses = versionPart.split(',');
      for (const clause of clauses) {
        const match = VERSION_CLAUSE.exec(clause);
        if (!match) return `\`${clause.trim()}\` is not a version specifier`;
      }
      specifier = clauses.map((clause) => clause.replace(/\s+/g, '')).join(',');
      if (!validRange(specifier)) return `\`${specifier}\` is not a valid PEP 440 version specifier`;
    }
  }
  let marker: string | undefined;
  if (markerText !== undefined) {
    const parsed = parseMarker(markerText);
    if (typeof parsed !== 'string' || parsed === '') return typeof parsed === 'string' ? 'its marker is empty' : parsed.error;
    marker = parsed;
  }
  return { name, extras, specifier, ...(url !== undefined ? { url } : {}), ...(marker !== undefined ? { marker } : {}) };
}

/** The requirement as one PEP 508 line. */
export function formatRequirement(requirement: Requirement): string {
  const extras = requirement.extras.length > 0 ? `[${requirement.extras.join(',')}]` : '';
  const marker = requirement.marker ? `; ${requirement.marker}` : '';
  if (requirement.url !== undefined) return `${requirement.name}${extras} @ ${requirement.url}${marker ? ` ${marker}` : ''}`;
  return `${requirement.name}${extras}${requirement.specifier}${marker}`;
}

/**
 * A key under which two requirements that mean the same thing are equal: canonical name and
 * extras, clauses in order of appearance with normalised spacing, the same URL and marker.
 */
export function requirementKey(requirement: Requirement): string {
  const extras = [...new Set(requirement.extras.map(canonicalName))].sort().join(',');
  const clauses = requirement.specifier === '' ? [] : [...new Set(requirement.specifier.split(','))].sort();
  return JSON.stringify([canonicalName(requirement.name), extras, clauses, requirement.url ?? '', requirement.marker ?? '']);
}

type MarkerToken = { kind: 'string' | 'variable' | 'op' | 'and' | 'or' | '(' | ')'; text: string };

/** Parses a marker expression; returns it with whitespace normalised, or an error. */
function parseMarker(text: string): string | { error: string } {
  const tokens = tokenizeMarker(text);
  if (!Array.isArray(tokens)) return tokens;
  if (tokens.length === 0) return '';
  let index = 0;
  const peek = () => tokens[index];
  const fail = (why: string) => ({ error: `its marker is not valid (${why})` });

  const parseOr = (): string | { error: string } => {
    let left = parseAnd();
    while (typeof left === 'string' && peek()?.kind === 'or') {
      index++;
      const right = parseAnd();
      if (typeof right !== 'string') return right;
      left = `${left} or ${right}`;
    }
    return left;
  };
  const parseAnd = (): string | { error: string } => {
    let left = parseAtom();
    while (typeof left === 'string' && peek()?.kind === 'and') {
      index++;
      const right = parseAtom();
      if (typeof right !== 'string') return right;
      left = `${left} and ${right}`;
    }
    return left;
  };
  const parseAtom = (): string | { error: string } => {
    const token = peek();
    if (!token) return fail('it ends too early');
    if (token.kind === '(') {
      index++;
      const inner = parseOr();
      if (typeof inner !== 'string') return inner;
      if (peek()?.kind !== ')') return fail('a `(` is not closed');
      index++;
      return `(${inner})`;
    }
    const left = tokens[index++];
    const op = tokens[index++];
    const right = tokens[index++];
    const isValue = (t?: MarkerToken) => t?.kind === 'string' || t?.kind === 'variable';
    if (!isValue(left) || op?.kind !== 'op' || !isValue(right)) return fail('expected `<variable> <operator> "<value>"`');
    if (left.kind === 'string' && right!.kind === 'string') return fail('a comparison needs a marker variable');
    return `${left.text} ${op.text} ${right!.text}`;
  };

  const result = parseOr();
  if (typeof result === 'string' && index < tokens.length) return fail(`unexpected \`${tokens[index].text}\``);
  return result;
}

function tokenizeMarker(text: string): MarkerToken[] | { error: string } {
  const tokens: MarkerToken[] = [];
  const pattern = /\s*(?:("[^"]*"|'[^']*')|(===|==|!=|<=|>=|~=|<|>)|(not\s+in\b)|([A-Za-z_][A-Za-z0-9_.]*)|([()]))/y;
  let position = 0;
  while (position < text.length) {
    if (/^\s*$/.test(text.slice(position))) break;
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (!match) return { error: `its marker is not valid (unexpected \`${text.slice(position).trim()}\`)` };
    position = pattern.lastIndex;
    const [, quoted, operator, notIn, word, paren] = match;
    if (quoted !== undefined) tokens.push({ kind: 'string', text: quoted });
    else if (operator !== undefined) tokens.push({ kind: 'op', text: operator });
    else if (notIn !== undefined) tokens.push({ kind: 'op', text: 'not in' });
    else if (paren !== undefined) tokens.push({ kind: paren as '(' | ')', text: paren });
    else if (word === 'and' || word === 'or') tokens.push({ kind: word, text: word });
    else if (word === 'in') tokens.push({ kind: 'op', text: 'in' });
    else if (MARKER_VARIABLES.has(word)) tokens.push({ kind: 'variable', text: word });
    else return { error: `its marker is not valid (\`${word}\` is not a marker variable)` };
  }
  return tokens;
}
