/**
 * The decision for each candidate of one module, from what the module alone shows: a function that
 * reads from Snowflake, or a module-level read. Each is either a cache candidate (with the
 * parameters to rename and what it reads) or skipped with the one reason that matters most. What
 * the rest of the app does (its writes, its callers, its other pages) is weighed after, in app.ts.
 */
import { SyntaxNode } from '../../src/python/parser';
import { contains, isComprehension } from '../../src/python/scope';
import { dottedName } from '../../src/python/syntax';
import { Effects, EffectsAnalyzer, PRIORITY, Reason, VIEWER_MEMBERS } from './effects';
import { FETCH, FETCH_LAZILY, HANDLES, MATERIALISE, MATERIALISE_LAZILY, ModuleFacts, parameterList, returnedExpressions,
  ValueKind, VIEWER_KINDS } from './facts';

export interface Rename {
  /** What the parameter holds: a session, a connection or a cursor. */
  holds: ValueKind;
  from: string;
  to: string;
  /** The parameter's position (undefined for keyword-only). */
  position?: number;
  /** Every identifier that means the parameter: signature, body, nested closures. */
  references: SyntaxNode[];
  /** Keyword names at the module's own call sites (`f(session=...)`). */
  keywords: SyntaxNode[];
}

export type FunctionDecision =
  | { action: 'cache'; definition: SyntaxNode; name: string; renames: Rename[]; effects: Effects; why?: string }
  | { action: 'skip'; definition: SyntaxNode; name: string; reason: Reason }
  | { action: 'already-cached'; definition: SyntaxNode; name: string; decorator: string; candidate: boolean;
    viewerReason?: Reason; unshareableReason?: Reason };

export type ReadDecision =
  | { action: 'move'; read: SyntaxNode; name: string; parameters: string[]; effects: Effects; why?: string }
  | { action: 'skip'; read: SyntaxNode; reason: Reason };

/** Decorators that already cache: the current ones and the legacy ones streamlit-api renames. */
export const CACHE_DECORATORS = new Set(['cache_data', 'cache_resource', 'cache', 'experimental_memo', 'experimental_singleton',
  'memo', 'singleton']);
const BRANCHES = new Set(['if_statement', 'elif_clause', 'else_clause', 'while_statement', 'except_clause',
  'except_group_clause', 'finally_clause', 'match_statement', 'conditional_expression', 'boolean_operator', 'lambda',
  'function_definition', 'class_definition']);
/**
 * Reasons a result must not be given to every viewer: an existing cache with one was each
 * viewer's own on the warehouse runtime, and is everyone's on the container runtime.
 */
const UNSHAREABLE = new Set(['nondeterministic', 'language-model', 'exception-fallback', 'user-function']);
/** Calls whose value is the same on every rerun, for every viewer (the environment is not: see effects.ts). */
const STABLE_CALLS = /^(str|int|float|bool|tuple|frozenset|pathlib\.Path|os\.path\.join)$/;
const MUTATING_METHODS = 'append|extend|insert|add|update|pop|popitem|clear|remove|discard|setdefault|sort|reverse';

export class Decider {
  private readonly stableNames = new Map<string, boolean>();

  constructor(readonly facts: ModuleFacts, readonly analyzer: EffectsAnalyzer) {}

  /** Undefined when the function is no candidate (it runs no Snowflake query itself). */
  decideFunction(definition: SyntaxNode): FunctionDecision | undefined {
    const name = definition.childForFieldName('name')!.text;
    const decorated = definition.parent?.type === 'decorated_definition' ? definition.parent : undefined;
    const decorators = decorated?.namedChildren.filter((child) => child.type === 'decorator') ?? [];
    const body = definition.childForFieldName('body');
    if (!body) return undefined;
    const effects = this.analyzer.effects(body, definition);
    const cacheDecorator = decorators.find((decorator) => this.isCacheDecorator(decorator));
    if (cacheDecorator) {
      const viewerReason = effects.reasons.find((reason) => reason.code === 'viewer-context');
      const unshareableReason = effects.reasons.find((reason) => UNSHAREABLE.has(reason.code));
      return { action: 'already-cached', definition, name, decorator: cacheDecorator.text.replace(/\s+/g, ' '),
        candidate: effects.operations.length > 0, ...(viewerReason ? { viewerReason } : {}),
        ...(unshareableReason ? { unshareableReason } : {}) };
    }
    if (effects.operations.length === 0) return undefined;

    const reasons: Reason[] = [...effects.reasons];
    const skip = (code: string, text: string, kind: 'info' | 'manual' = 'info', priority: number = PRIORITY.structure,
      advice?: string) => reasons.push({ code, kind, priority, text, ...(advice ? { advice } : {}) });
    if (definition.children.some((child) => child.type === 'async')) skip('async', 'is an async function');
    if (effects.yields) skip('generator', 'is a generator, whose values are produced as the caller consumes them');
    const container = (decorated ?? definition).parent?.parent;
    if (container?.type === 'class_definition') {
      const owner = container.childForFieldName('name')!.text;
      const isStatic = decorators.some((decorator) => /^@\s*staticmethod\b/.test(decorator.text));
      skip('method', isStatic
        ? `is a static method of ${owner}; this tool caches functions only (move it out of the class to have it cached)`
        : `is a method of ${owner}: its result can depend on the state of the object or class, which st.cache_data `
          + 'would have to hash or ignore');
    } else if (decorators.length > 0) {
      skip('decorated', `already has the decorator ${decorators[0].text.replace(/\s+/g, ' ')}, and this tool does not know `
        + 'how it combines with st.cache_data');
    }
    reasons.push(...this.stateReasons(effects));

    const returned = returnedExpressions(definition);
    if (returned.length === 0) skip('no-result', 'returns nothing, so there is nothing to cache', 'info', PRIORITY.result);
    for (const expression of returned.flatMap(resultParts)) {
      const kind = this.facts.kindOf(expression);
      if (kind === 'dataframe') {
        skip('lazy-dataframe', 'returns a lazy Snowpark DataFrame, which st.cache_data cannot store', 'manual',
          PRIORITY.result, 'return its .to_pandas() (or .collect()) to cache the data, or keep the DataFrame object '
            + 'with st.cache_resource instead');
      } else if (kind === 'iterator') {
        const callee = expression.type === 'call' ? expression.childForFieldName('function') : null;
        const what = callee?.type === 'attribute' ? `${callee.childForFieldName('attribute')!.text}()` : expression.text;
        skip('unpicklable-result', `returns an iterator (${what}), which st.cache_data cannot store`, 'info', PRIORITY.result);
      } else if (HANDLES.has(kind)) {
        skip('unpicklable-result', 'returns a Snowflake session, connection or cursor, which st.cache_data cannot store '
          + '(st.cache_resource is meant for those)', 'info', PRIORITY.result);
      }
    }

    const renames = this.parameterRenames(definition, reasons);
    const reason = reasons.sort((a, b) => a.priority - b.priority)[0];
    if (reason) return { action: 'skip', definition, name, reason };
    return { action: 'cache', definition, name, renames, effects };
  }

  /**
   * Why names a function (or a helper of another module) reads from outside itself keep it from
   * being cached: a module variable that can change between reruns, or a variable of an enclosing
   * function. Its parameters, imports, constants and the owner's session are part of what it is.
   */
  stateReasons(effects: Effects): Reason[] {
    const reasons: Reason[] = [];
    for (const [outsideName, use] of effects.outside) {
      if (!use.scope) continue;
      // The owner's session or connection of the module does not change what a read returns. One that an
      // enclosing function took (from st.session_state, say) may be the viewer's, and is a closure like any other.
      const kind = this.facts.kindOf(use.node);
      if ((kind === 'session' || kind === 'connection') && use.scope.type === 'module') continue;
      const through = use.via ? ` (through ${use.via}())` : '';
      if (use.scope.type === 'module') {
        if (!this.isStableName(outsideName)) {
          reasons.push({ code: 'module-state', kind: 'info', priority: PRIORITY.state,
            text: `reads the module variable ${outsideName}${through}, which can change between reruns and would not be `
              + 'part of the cache key; pass it in as a parameter to cache this function' });
        }
      } else if (use.scope.type !== 'class_definition') {
        const outer = use.scope.type === 'function_definition'
          ? `${use.scope.childForFieldName('name')!.text}()` : 'the enclosing scope';
        reasons.push({ code: 'closure', kind: 'info', priority: PRIORITY.state,
          text: `reads ${outsideName} from ${outer}${through}, which would not be part of the cache key` });
      }
    }
    return reasons;
  }

  /**
   * A module-level read (`df = session.sql(...).to_pandas()`): moved into a cached loader when
   * what it depends on is either stable or can be passed in as a hashable parameter.
   */
  decideRead(read: SyntaxNode): ReadDecision {
    const conditional = this.enclosingBranch(read);
    if (conditional) {
      return { action: 'skip', read, reason: { code: 'conditional-read', kind: 'info', priority: PRIORITY.structure,
        text: `runs only under a condition (${conditional}), which may be there to refresh it` } };
    }
    const effects = this.analyzer.effects(read, read);
    const reasons: Reason[] = [...effects.reasons];
    const parameters: string[] = [];
    for (const [outsideName, use] of effects.outside) {
      if (!use.scope) continue;
      const kind = this.facts.kindOf(use.node);
      if (use.via) {
        if (use.scope.type !== 'module' || !this.isStableName(outsideName)) {
          reasons.push({ code: 'module-state', kind: 'info', priority: PRIORITY.state,
            text: `calls ${use.via}(), which reads ${outsideName}, which would not be part of the cache key` });
        }
        continue;
      }
      if (use.scope.type === 'module' && this.isStableName(outsideName)) continue;
      if (kind === 'session' || kind === 'connection') continue; // does not change what a read returns
      if (VIEWER_KINDS.has(kind)) continue; // reported by the effects as viewer context
      if (kind === 'dataframe' || HANDLES.has(kind)) {
        reasons.push({ code: 'unhashable-dependency', kind: 'manual', priority: PRIORITY.parameters,
          text: `depends on ${outsideName}, a ${kind === 'dataframe' ? 'Snowpark DataFrame' : 'Snowflake ' + kind} that `
            + 'st.cache_data cannot hash',
          advice: 'move the code that builds it into a cached function by hand' });
        continue;
      }
      parameters.push(outsideName);
    }
    const reason = reasons.sort((a, b) => a.priority - b.priority)[0];
    if (reason) return { action: 'skip', read, reason };
    return { action: 'move', read, name: '', parameters, effects };
  }

  /** Module-level materialising reads, each extended over the calls chained on its result. */
  moduleReads(): SyntaxNode[] {
    const reads: SyntaxNode[] = [];
    for (const call of moduleLevelCalls(this.facts.module.root)) {
      if (!mayMaterialise(call) || !this.isMaterialisingRead(call) || insideDefinition(call)) continue;
      const extended = extendChain(call);
      if (reads.some((read) => contains(read, extended))) continue;
      reads.push(extended);
    }
    return reads;
  }

  isStableName(name: string): boolean {
    const known = this.stableNames.get(name);
    if (known !== undefined) return known;
    this.stableNames.set(name, false); // a name defined through itself is not stable
    const bindings = this.facts.scopes.bindingsNamed(this.facts.scopes.root, name);
    // Two assignments mean the value depends on which ran (`if st.toggle(...): TABLE = ...`).
    const assignments = bindings.filter((binding) => binding.kind !== 'import' && binding.kind !== 'definition');
    const stable = (assignments.length === 0 || bindings.length === 1) && !this.isMutated(name) && bindings.every((binding) => {
      if (binding.kind === 'import') return this.facts.streamlitMember(binding.node) === undefined
        || !VIEWER_MEMBERS.has(this.facts.streamlitMember(binding.node)!);
      if (binding.kind === 'definition') return true;
      if (binding.kind !== 'assignment' || !binding.value) return false;
      if (this.facts.scopes.scopeOf(binding.node).type !== 'module') return false; // assigned through `global`
      const kind = this.facts.kindOf(binding.value);
      if (kind === 'session' || kind === 'connection') return true;
      return this.isStableExpression(binding.value);
    });
    this.stableNames.set(name, stable);
    return stable;
  }

  /** `NAME.append(...)`, `NAME[k] = ...`, `del NAME[k]` anywhere in the module: its value changes as the app runs. */
  private isMutated(name: string): boolean {
    const text = this.facts.module.text;
    if (!text.includes(name)) return false;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![\\w.])${escaped}\\s*(?:\\.\\s*(?:${MUTATING_METHODS})\\s*\\(|\\[[^\\]\\n]*\\]\\s*(?:[-+*/|&]?=(?!=)))`
      + `|\\bdel\\s+${escaped}\\s*\\[`).test(text);
  }

  /** An expression whose value is the same on every rerun: literals, constants, settings. */
  isStableExpression(expression: SyntaxNode): boolean {
    switch (expression.type) {
      case 'string':
        return expression.namedChildren.every((part) => part.type !== 'interpolation'
          || part.namedChildren.every((child) => child.type === 'type_conversion' || child.type === 'format_specifier'
            || this.isStableExpression(child)));
      case 'concatenated_string':
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
      case 'ellipsis':
      case 'unary_operator':
      case 'binary_operator':
      case 'boolean_operator':
      case 'comparison_operator':
      case 'not_operator':
      case 'conditional_expression':
      case 'tuple':
      case 'list':
      case 'set':
      case 'dictionary':
      case 'pair':
      case 'parenthesized_expression':
      case 'expression_list':
        return expression.namedChildren.every((child) => child.type === 'comment' || this.isStableExpression(child));
      case 'identifier': {
        const scope = this.facts.scopes.resolve(expression);
        if (!scope) return true;
        return scope.type === 'module' && this.isStableName(expression.text);
      }
      case 'attribute': {
        const member = this.facts.streamlitMember(expression);
        if (member !== undefined && VIEWER_MEMBERS.has(member)) return false;
        if (expression.childForFieldName('attribute')?.text === 'environ' && this.facts.qualifiedName(expression) === 'os.environ') {
          return false;
        }
        return this.isStableExpression(expression.childForFieldName('object')!);
      }
      case 'subscript':
        return expression.namedChildren.every((child) => this.isStableExpression(child));
      case 'call': {
        const callee = expression.childForFieldName('function')!;
        const args = expression.childForFieldName('arguments')?.namedChildren ?? [];
        const argsStable = args.every((arg) => arg.type === 'comment' || this.isStableExpression(
          arg.type === 'keyword_argument' ? arg.childForFieldName('value')! : arg));
        const kind = this.facts.kindOf(expression);
        if (kind === 'session' || kind === 'connection') return true;
        const qualified = this.facts.qualifiedName(callee);
        if (qualified && (STABLE_CALLS.test(qualified) || qualified.startsWith('streamlit.secrets')
          || qualified.startsWith('snowflake.snowpark.functions.'))) return argsStable;
        return false;
      }
      default:
        return false;
    }
  }

  private isMaterialisingRead(call: SyntaxNode): boolean {
    const callee = call.childForFieldName('function')!;
    const qualified = this.facts.qualifiedName(callee);
    if (qualified && /^pandas\.read_sql(_query|_table)?$/.test(qualified)) return true;
    if (callee.type !== 'attribute') return false;
    const method = callee.childForFieldName('attribute')!.text;
    const objectKind = this.facts.kindOf(callee.childForFieldName('object')!);
    if (objectKind === 'dataframe') return MATERIALISE.has(method) || MATERIALISE_LAZILY.has(method);
    if (objectKind === 'cursor') return FETCH.has(method) || FETCH_LAZILY.has(method);
    return false;
  }

  isCacheDecorator(decorator: SyntaxNode): boolean {
    let expression = decorator.firstNamedChild;
    if (expression?.type === 'call') expression = expression.childForFieldName('function');
    if (!expression) return false;
    const member = this.facts.streamlitMember(expression);
    return member !== undefined && CACHE_DECORATORS.has(member);
  }

  /** Session, connection and cursor parameters get a leading underscore; others may forbid caching. */
  private parameterRenames(definition: SyntaxNode, reasons: Reason[]): Rename[] {
    const scopes = this.facts.scopes;
    const renames: Rename[] = [];
    const nameNode = definition.childForFieldName('name')!;
    const enclosing = scopes.scopeOf(nameNode);
    const calls = scopes.references(enclosing, nameNode.text)
      .filter((reference) => reference.parent?.type === 'call'
        && reference.parent.childForFieldName('function')?.id === reference.id)
      .map((reference) => reference.parent!);
    const bound = scopes.bindingsNamed(enclosing, nameNode.text);
    const parameters = parameterList(definition);
    const keywordsSplat = parameters.find((p) => p.splat && p.identifier.parent?.type === 'dictionary_splat_pattern');
    for (const parameter of parameters) {
      const from = parameter.identifier.text;
      if (parameter.splat || from.startsWith('_') || from === 'self' || from === 'cls') continue;
      const kind = this.facts.parameterKind(parameter.identifier);
      const references = scopes.references(definition, from);
      if (kind === 'dataframe') {
        reasons.push({ code: 'dataframe-parameter', kind: 'manual', priority: PRIORITY.parameters,
          text: `takes the Snowpark DataFrame ${from}, which st.cache_data cannot hash, and ignoring it would return `
            + 'one DataFrame\'s rows for another',
          advice: 'pass in the values the DataFrame is built from instead, then cache' });
        continue;
      }
      if (!HANDLES.has(kind)) continue;
      if (kind === 'cursor' && !references.some((use) => isMethodCallOn(use, 'execute'))) {
        reasons.push({ code: 'cursor-parameter', kind: 'info', priority: PRIORITY.parameters,
          text: `fetches from the cursor ${from} that its caller executed, so the query would not be part of the cache key` });
        continue;
      }
      if (keywordsSplat) {
        reasons.push({ code: 'keyword-splat', kind: 'info', priority: PRIORITY.parameters,
          text: `takes **${keywordsSplat.identifier.text}, so once ${from} is renamed to _${from} (for st.cache_data to skip `
            + `it) a call passing ${from}= would land there instead` });
        continue;
      }
      const to = `_${from}`;
      if (scopes.bindingsNamed(definition, to).length > 0 || usesName(definition, to)) {
        reasons.push({ code: 'name-clash', kind: 'info', priority: PRIORITY.parameters,
          text: `cannot have ${from} renamed to ${to} (so that st.cache_data skips it): ${to} is already used there` });
        continue;
      }
      const keywords: SyntaxNode[] = [];
      for (const call of calls) {
        const args = call.childForFieldName('arguments')?.namedChildren ?? [];
        const keyword = args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')!.text === from);
        const passed = keyword?.childForFieldName('value')
          ?? args.filter((arg) => !['keyword_argument', 'list_splat', 'dictionary_splat', 'comment'].includes(arg.type))[
            parameter.position ?? Number.MAX_SAFE_INTEGER];
        if (keyword) keywords.push(keyword.childForFieldName('name')!);
        if (passed && VIEWER_KINDS.has(this.facts.kindOf(passed))) {
          reasons.push({ code: 'viewer-context', kind: 'manual', priority: PRIORITY.viewer,
            text: `is called with a caller's-rights ${kind} for ${from} (${dottedName(passed) ?? passed.text})`,
            advice: 'st.cache_data would ignore it and share one viewer\'s result with every viewer; leave it uncached' });
        }
      }
      if (bound.length > 1 && (keywords.length > 0 || calls.length > 0)) {
        reasons.push({ code: 'rebound', kind: 'info', priority: PRIORITY.parameters,
          text: `is defined more than once in this module, so its call sites cannot be updated for the renamed ${from}` });
        continue;
      }
      renames.push({ holds: kind, from, to, ...(parameter.position !== undefined ? { position: parameter.position } : {}),
        references, keywords });
    }
    return renames;
  }

  /** The branch that makes a module-level read conditional, if any. */
  private enclosingBranch(node: SyntaxNode): string | undefined {
    for (let current = node.parent; current && current.type !== 'module'; current = current.parent) {
      if (current.type === 'block' && current.parent?.type === 'try_statement') continue;
      if (BRANCHES.has(current.type)) {
        if (current.type === 'conditional_expression') return 'inside a conditional expression';
        if (current.type === 'boolean_operator') return `inside an "${current.childForFieldName('operator')?.text}" expression`;
        return `inside ${/^[aeiou]/.test(current.children[0]?.text ?? '') ? 'an' : 'a'} ${current.children[0]?.text} block`;
      }
    }
    return undefined;
  }
}

/** The values a returned expression is made of: `return a, b` and `return {"k": a}` return a and b. */
function resultParts(expression: SyntaxNode): SyntaxNode[] {
  if (['tuple', 'list', 'set', 'expression_list', 'parenthesized_expression'].includes(expression.type)) {
    return expression.namedChildren.filter((child) => child.type !== 'comment').flatMap(resultParts);
  }
  if (expression.type === 'dictionary') {
    return expression.namedChildren.flatMap((pair) => {
      const value = pair.type === 'pair' ? pair.childForFieldName('value') : null;
      return value ? resultParts(value) : [];
    });
  }
  return [expression];
}

/** `read.method(...)`, `read[...]`, `read.attr` chained on a read's result belong to what is cached. */
function extendChain(read: SyntaxNode): SyntaxNode {
  let current = read;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === current.id) {
      const call = parent.parent;
      current = call?.type === 'call' && call.childForFieldName('function')?.id === parent.id ? call : parent;
      continue;
    }
    if (parent.type === 'subscript' && parent.childForFieldName('value')?.id === current.id) {
      current = parent;
      continue;
    }
    // `x = (\n    session.table(...)\n    .count()\n)`: the parentheses go with it.
    if (parent.type === 'parenthesized_expression' && parent.namedChildren.filter((c) => c.type !== 'comment').length === 1) {
      current = parent;
      continue;
    }
    return current;
  }
}

const READ_METHODS = [...MATERIALISE, ...MATERIALISE_LAZILY, ...FETCH, ...FETCH_LAZILY];
const MAY_READ = new RegExp(`\\.\\s*(?:${READ_METHODS.join('|')})\\b|read_sql`);

/** Calls in module-level statements that name a read method: the only places a module-level read can be. */
function moduleLevelCalls(root: SyntaxNode): SyntaxNode[] {
  const definitions = new Set(['function_definition', 'class_definition', 'decorated_definition']);
  return root.namedChildren
    .filter((statement) => !definitions.has(statement.type) && MAY_READ.test(statement.text))
    .flatMap((statement) => statement.descendantsOfType('call'));
}

/** The method names a materialising read is called with, checked before the costlier kind inference. */
function mayMaterialise(call: SyntaxNode): boolean {
  const callee = call.childForFieldName('function')!;
  if (callee.type !== 'attribute') return /read_sql/.test(callee.text);
  const method = callee.childForFieldName('attribute')!.text;
  return MATERIALISE.has(method) || MATERIALISE_LAZILY.has(method) || FETCH.has(method) || FETCH_LAZILY.has(method)
    || /read_sql/.test(method);
}

function insideDefinition(node: SyntaxNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda' || current.type === 'class_definition') return true;
    if (isComprehension(current)) continue;
  }
  return false;
}

/**
 * True when an identifier in `node` is spelled `name`. An identifier's text is part of the node's
 * text, so a text without the name has none, and the identifiers need not be built.
 */
function usesName(node: SyntaxNode, name: string): boolean {
  return node.text.includes(name) && node.descendantsOfType('identifier').some((id) => id.text === name);
}

function isMethodCallOn(identifier: SyntaxNode, method: string): boolean {
  const attribute = identifier.parent;
  return attribute?.type === 'attribute' && attribute.childForFieldName('object')?.id === identifier.id
    && attribute.childForFieldName('attribute')?.text === method && attribute.parent?.type === 'call';
}
