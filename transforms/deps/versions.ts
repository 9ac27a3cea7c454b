/**
 * conda version expressions (MatchSpec's version part) to PEP 440 specifiers, following
 * shared/docs/conda-matchspec.md sections 3 and 4. Also the little interval arithmetic the
 * transform needs to answer "does this specifier admit Streamlit 1.50?" and to turn an OR, which
 * PEP 440 cannot express, into the narrowest range that covers every branch.
 */
import { clean, compare, explain, satisfies } from '@renovatebot/pep440';

export type Operator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '~=' | '===';

/** One PEP 440 clause. `prefix` adds `.*` (only with `==` and `!=`). */
export interface Clause {
  op: Operator;
  version: string;
  prefix?: boolean;
}

export interface VersionTranslation {
  clauses: Clause[];
  /** Things the translation could not keep exactly, for a warning each. */
  warnings: string[];
  /** Set when the expression had an OR: whether the result admits exactly what conda did. */
  or?: { exact: boolean };
}

export function formatClauses(clauses: Clause[]): string {
  return clauses.map((clause) => `${clause.op}${clause.version}${clause.prefix ? '.*' : ''}`).join(',');
}

/**
 * Translates a sanitised conda version expression (what MatchSpec keeps after `=1.2` became
 * `1.2*`): `,` is AND, `|` is OR and binds looser, parentheses group.
 */
export function translateVersion(expression: string): VersionTranslation | { error: string } {
  const tree = parseExpression(expression);
  if ('error' in tree) return tree;
  const warnings: string[] = [];
  const alternatives = disjunctiveNormalForm(tree).map((terms) => terms.flatMap((term) => translateClause(term, warnings)));
  if (alternatives.length === 1) return { clauses: dedupe(alternatives[0]), warnings };
  const combined = combineAlternatives(alternatives);
  return { clauses: combined.clauses, warnings, or: { exact: combined.exact } };
}

type Expression = { kind: 'clause'; text: string } | { kind: 'and' | 'or'; parts: Expression[] };

function parseExpression(expression: string): Expression | { error: string } {
  const tokens = expression.replace(/\s+/g, '').split(/([(),|])/).filter((token) => token !== '');
  let index = 0;
  const parseOr = (): Expression | { error: string } => {
    const parts: Expression[] = [];
    for (;;) {
      const part = parseAnd();
      if ('error' in part) return part;
      parts.push(part);
      if (tokens[index] !== '|') break;
      index++;
    }
    return parts.length === 1 ? parts[0] : { kind: 'or', parts };
  };
  const parseAnd = (): Expression | { error: string } => {
    const parts: Expression[] = [];
    for (;;) {
      const part = parseAtom();
      if ('error' in part) return part;
      parts.push(part);
      if (tokens[index] !== ',') break;
      index++;
    }
    return parts.length === 1 ? parts[0] : { kind: 'and', parts };
  };
  const parseAtom = (): Expression | { error: string } => {
    const token = tokens[index];
    if (token === '(') {
      index++;
      const inner = parseOr();
      if ('error' in inner) return inner;
      if (tokens[index] !== ')') return { error: 'a `(` is not closed' };
      index++;
      return inner;
    }
    if (token === undefined || [')', ',', '|'].includes(token)) return { error: 'a version is missing' };
    index++;
    return { kind: 'clause', text: token };
  };
  const tree = parseOr();
  if (!('error' in tree) && index < tokens.length) return { error: `unexpected \`${tokens[index]}\`` };
  return tree;
}

/** The expression as an OR of ANDs of clause texts. */
function disjunctiveNormalForm(expression: Expression): string[][] {
  if (expression.kind === 'clause') return [[expression.text]];
  const parts = expression.parts.map(disjunctiveNormalForm);
  if (expression.kind === 'or') return parts.flat();
  return parts.reduce((product, part) => product.flatMap((left) => part.map((right) => [...left, ...right])), [[]]);
}

/** One conda clause as PEP 440 clauses (none for "any version"). */
function translateClause(text: string, warnings: string[]): Clause[] {
  if (text === '*' || text === '') return [];
  if (text.startsWith('^') || text.endsWith('$')) {
    warnings.push(`the regular expression \`${text}\` has no PEP 440 form and was left out`);
    return [];
  }
  const [, written = '', version] = /^(===|==|!=|~=|>=|<=|>|<|=)?(.*)$/.exec(text)!;
  // `1.2*` and `1.2.*` are prefixes; an inner `*` (`1.*.3`) is a glob that prefixClause narrows.
  const starred = version.includes('*');
  const base = version.replace(/\.?\*$/, '');
  switch (written) {
    case '':
      return starred ? prefixClause('==', base, text, warnings) : exactClause(base, warnings);
    case '=':
      return prefixClause('==', base, text, warnings);
    case '==':
    case '===':
      return starred ? prefixClause('==', base, text, warnings) : exactClause(base, warnings);
    case '!=':
      return starred ? prefixClause('!=', base, text, warnings) : orderedClause('!=', base, text, warnings);
    case '~=':
      if (starred) {
        warnings.push(`\`${text}\` (\`~=\` with \`*\`) is not a valid version and was left out`);
        return [];
      }
      if (!base.includes('.')) {
        warnings.push(`\`${text}\` has a single version component, which PEP 440 \`~=\` does not allow: written as \`>=${base}\``);
        return orderedClause('>=', base, text, warnings);
      }
      return orderedClause('~=', base, text, warnings);
    default:
      // conda ignores `.*` after an ordering operator; PEP 440 forbids it.
      return orderedClause(written as Operator, base, text, warnings);
  }
}

function exactClause(version: string, warnings: string[]): Clause[] {
  const normal = clean(version);
  if (normal) return [{ op: '==', version: normal }];
  warnings.push(`\`${version}\` is not a PEP 440 version: pinned with \`===\` (string equality)`);
  return [{ op: '===', version }];
}

function prefixClause(op: '==' | '!=', version: string, text: string, warnings: string[]): Clause[] {
  let base = version;
  if (base.includes('*')) {
    // An inner glob (`1.*.3`) is a regular expression in conda; keep its literal start.
    base = base.slice(0, base.indexOf('*')).replace(/\.+$/, '');
    const kept = base === '' ? 'any version' : `\`${op}${base}.*\``;
    warnings.push(`the glob \`${text}\` has no PEP 440 form: widened to ${kept}`);
    if (base === '') return [];
  }
  const normal = clean(base);
  if (!normal || explain(normal)?.local) {
    warnings.push(`\`${text}\` is not a PEP 440 version prefix and was left out`);
    return [];
  }
  return [{ op, version: normal, prefix: true }];
}

function orderedClause(op: Operator, version: string, text: string, warnings: string[]): Clause[] {
  const normal = clean(version);
  if (normal) return [{ op, version: normal }];
  warnings.push(`\`${text}\` is not a PEP 440 version and was left out`);
  return [];
}

function dedupe(clauses: Clause[]): Clause[] {
  const seen = new Set<string>();
  return clauses.filter((clause) => {
    const key = formatClauses([clause]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---- Intervals -------------------------------------------------------------------------------

interface Bound {
  version: string;
  inclusive: boolean;
}

/** The versions a conjunction admits, as one interval; `pure` when the interval is all it says. */
export interface Interval {
  lower?: Bound;
  upper?: Bound;
  pure: boolean;
}

/** The interval of a conjunction of clauses; undefined when a clause cannot be ordered (`===`). */
export function intervalOf(clauses: Clause[]): Interval | undefined {
  const interval: Interval = { pure: true };
  for (const clause of clauses) {
    const { op, version } = clause;
    let lower: Bound | undefined;
    let upper: Bound | undefined;
    if (op === '===') return undefined;
    if (op === '!=') {
      interval.pure = false;
      continue;
    }
    if (op === '==' && clause.prefix) {
      lower = { version, inclusive: true };
      upper = { version: bump(version), inclusive: false };
    } else if (op === '==') {
      lower = { version, inclusive: true };
      upper = { version, inclusive: true };
    } else if (op === '~=') {
      lower = { version, inclusive: true };
      upper = { version: bump(release(version).slice(0, -1).join('.')), inclusive: false };
    } else if (op === '>=' || op === '>') {
      lower = { version, inclusive: op === '>=' };
    } else {
      upper = { version, inclusive: op === '<=' };
    }
    if (lower && (!interval.lower || compareLower(lower, interval.lower) > 0)) interval.lower = lower;
    if (upper && (!interval.upper || compareUpper(upper, interval.upper) < 0)) interval.upper = upper;
  }
  return interval;
}

/** Whether some version at or above `version` satisfies the clauses (ignoring `!=` holes). */
export function admitsAtLeast(clauses: Clause[], version: string): boolean {
  const interval = intervalOf(clauses);
  if (!interval) return true;
  if (isEmpty(interval)) return false;
  if (!interval.upper) return true;
  const order = compare(interval.upper.version, version);
  return order > 0 || (order === 0 && interval.upper.inclusive);
}

/** Whether some version satisfies all the clauses (`!=` holes aside). */
export function isSatisfiable(clauses: Clause[]): boolean {
  const interval = intervalOf(clauses);
  return !interval || !isEmpty(interval);
}

/** Whether every version the clauses admit satisfies the PEP 440 specifier `within`. */
export function admitsOnlyWithin(clauses: Clause[], within: string): boolean {
  const inner = intervalOf(clauses);
  const outer = intervalOf(parseSpecifier(within));
  if (!inner || !outer || isEmpty(inner)) return false;
  const lowerOk = !outer.lower || (inner.lower !== undefined && compareLower(inner.lower, outer.lower) >= 0);
  const upperOk = !outer.upper || (inner.upper !== undefined && compareUpper(inner.upper, outer.upper) <= 0);
  return lowerOk && upperOk;
}

/**
 * Whether every version a PEP 440 specifier admits is also admitted by `wide`: `==1.23.0` implies
 * `==1.23.0.*` and `>=1.20`, `==1.23` implies `==1.23.0` (PEP 440 pads with zeros), `pandas`
 * unpinned implies only another unpinned `pandas`. False when it cannot be told (`===`, holes).
 */
export function specifierImplies(narrow: string, wide: string): boolean {
  if (wide.trim() === '') return true;
  if (narrow.trim() === '') return false;
  const inner = parseSpecifier(narrow);
  if (inner.length === 1 && (inner[0].op === '==' || inner[0].op === '===') && !inner[0].prefix && clean(inner[0].version)) {
    return satisfies(inner[0].version, wide, { prereleases: true });
  }
  const outer = parseSpecifier(wide);
  const innerInterval = intervalOf(inner);
  const outerInterval = intervalOf(outer.filter((clause) => clause.op !== '!='));
  if (!innerInterval || !outerInterval || !contains(outerInterval, innerInterval)) return false;
  const written = new Set(inner.map((clause) => formatClauses([clause])));
  return outer.filter((clause) => clause.op === '!=').every((hole) => written.has(formatClauses([hole]))
    || (!hole.prefix && !withinInterval(hole.version, innerInterval)));
}

function withinInterval(version: string, interval: Interval): boolean {
  const point = { version, inclusive: true };
  return (!interval.lower || compareLower(point, interval.lower) >= 0) && (!interval.upper || compareUpper(point, interval.upper) <= 0);
}

/** Whether any of `versions` satisfies the specifier (pre-releases included, as conda does). */
export function admitsAny(specifier: string, versions: string[]): boolean {
  return versions.some((version) => satisfies(version, specifier, { prereleases: true }));
}

/** Parses a PEP 440 specifier written by this module (or a plain one) back into clauses. */
export function parseSpecifier(specifier: string): Clause[] {
  if (specifier.trim() === '') return [];
  return specifier.split(',').map((text) => {
    const [, op, version] = /^\s*(===|~=|==|!=|<=|>=|<|>)\s*(\S+?)\s*$/.exec(text) ?? [, '===', text.trim()];
    const prefix = version.endsWith('.*');
    return { op: op as Operator, version: prefix ? version.slice(0, -2) : version, ...(prefix ? { prefix } : {}) };
  });
}

function isEmpty(interval: Interval): boolean {
  if (!interval.lower || !interval.upper) return false;
  const order = compare(interval.lower.version, interval.upper.version);
  return order > 0 || (order === 0 && !(interval.lower.inclusive && interval.upper.inclusive));
}

/** Orders lower bounds: a larger one admits less. */
function compareLower(a: Bound, b: Bound): number {
  return compare(a.version, b.version) || (a.inclusive === b.inclusive ? 0 : a.inclusive ? -1 : 1);
}

/** Orders upper bounds: a smaller one admits less. */
function compareUpper(a: Bound, b: Bound): number {
  return compare(a.version, b.version) || (a.inclusive === b.inclusive ? 0 : a.inclusive ? 1 : -1);
}

function release(version: string): number[] {
  return explain(version)?.release ?? [0];
}

/** The first version after every version with this prefix: 1.2 -> 1.3, 5 -> 6. */
function bump(version: string): string {
  const parts = release(version);
  const epoch = explain(version)?.epoch ?? 0;
  parts[parts.length - 1]++;
  return `${epoch ? `${epoch}!` : ''}${parts.join('.')}`;
}

/**
 * An OR of conjunctions as one conjunction. One branch that covers all others is exact. Otherwise
 * the result is the hull of the branches, minus every gap between them that is exactly one prefix
 * (`!=1.1.*`); it is exact only if no gap is left and every branch was a plain interval.
 */
function combineAlternatives(alternatives: Clause[][]): { clauses: Clause[]; exact: boolean } {
  const intervals = alternatives.map(intervalOf);
  if (intervals.some((interval) => interval === undefined)) return { clauses: [], exact: false };
  const known = (intervals as Interval[]).map((interval, index) => ({ interval, clauses: alternatives[index] }))
    .filter(({ interval }) => !isEmpty(interval));
  if (known.length === 0) return { clauses: alternatives[0], exact: false };
  for (const candidate of known) {
    if (candidate.interval.pure && known.every(({ interval }) => contains(candidate.interval, interval))) {
      return { clauses: dedupe(candidate.clauses), exact: true };
    }
  }
  const sorted = known.map(({ interval }) => interval).sort((a, b) =>
    !a.lower ? -1 : !b.lower ? 1 : compareLower(a.lower, b.lower));
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && touches(last, interval)) {
      if (!interval.upper || (last.upper && compareUpper(interval.upper, last.upper) > 0)) last.upper = interval.upper;
    } else {
      merged.push({ ...interval });
    }
  }
  let exact = known.every(({ interval }) => interval.pure);
  const clauses: Clause[] = [];
  const lower = merged[0].lower;
  const upper = merged[merged.length - 1].upper;
  if (lower && upper && lower.inclusive && upper.inclusive && compare(lower.version, upper.version) === 0) {
    clauses.push({ op: '==', version: lower.version });
  } else {
    if (lower) clauses.push({ op: lower.inclusive ? '>=' : '>', version: lower.version });
    if (upper) clauses.push({ op: upper.inclusive ? '<=' : '<', version: upper.version });
  }
  for (let i = 0; i + 1 < merged.length; i++) {
    const gap = prefixGap(merged[i].upper!, merged[i + 1].lower!);
    if (gap) clauses.push({ op: '!=', version: gap, prefix: true });
    else exact = false;
  }
  return { clauses, exact };
}

function contains(outer: Interval, inner: Interval): boolean {
  const lowerOk = !outer.lower || (inner.lower !== undefined && compareLower(inner.lower, outer.lower) >= 0);
  const upperOk = !outer.upper || (inner.upper !== undefined && compareUpper(inner.upper, outer.upper) <= 0);
  return lowerOk && upperOk;
}

/** Whether two intervals (sorted by lower bound) overlap or meet with no version between them. */
function touches(first: Interval, second: Interval): boolean {
  if (!first.upper || !second.lower) return true;
  const order = compare(second.lower.version, first.upper.version);
  return order < 0 || (order === 0 && (first.upper.inclusive || second.lower.inclusive));
}

/** The prefix X when the gap between two intervals is exactly the versions `X.*`. */
function prefixGap(upper: Bound, lower: Bound): string | undefined {
  if (upper.inclusive || !lower.inclusive) return undefined;
  const parts = release(upper.version);
  // `2`, `2.0` and `2.0.0` start at the same version: try every length, padding with zeros.
  const longest = Math.max(parts.length, release(lower.version).length);
  for (let length = 1; length <= longest; length++) {
    if (parts.slice(length).some((part) => part !== 0)) continue;
    const prefix = [...parts.slice(0, length), ...Array(Math.max(0, length - parts.length)).fill(0)].join('.');
    if (compare(prefix, upper.version) === 0 && compare(bump(prefix), lower.version) === 0) return prefix;
  }
  return undefined;
}
