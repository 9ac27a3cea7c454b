/**
 * What the cache transform knows about the values in one module: which expressions hold a
 * Snowpark session, a connection, a cursor or a lazy DataFrame, and where a name was imported
 * from. Only what the code shows is believed; names (`session`, `conn`, `cur`) are a last hint.
 */
import { ImportBinding } from '../../src/python/imports';
import { PythonModule } from '../../src/python/module';
import { SyntaxNode } from '../../src/python/parser';
import { Binding, contains, parameterIdentifiers, Scopes } from '../../src/python/scope';
import { dottedName, stringLiteralValue } from '../../src/python/syntax';

export type ValueKind =
  | 'session' // a Snowpark Session for the app owner's role
  | 'viewer-session' // a Snowpark Session for the viewer (caller's rights)
  | 'connection' // st.connection("snowflake") or a connector connection
  | 'viewer-connection' // st.connection("snowflake-callers-rights")
  | 'cursor'
  | 'dataframe' // a lazy Snowpark DataFrame or Table
  | 'reader' // session.read
  | 'writer' // DataFrame.write
  | 'iterator' // to_pandas_batches(), to_local_iterator(), ...
  | 'data' // materialised results: pandas, rows, numbers
  | 'unknown';

/** Values st.cache_data cannot hash as parameters, nor pickle as results. */
export const HANDLES: ReadonlySet<ValueKind> = new Set(['session', 'viewer-session', 'connection', 'viewer-connection',
  'cursor', 'reader', 'writer']);
export const VIEWER_KINDS: ReadonlySet<ValueKind> = new Set(['viewer-session', 'viewer-connection']);

export const MATERIALISE = new Set(['to_pandas', 'collect', 'first', 'count', 'to_arrow']);
export const MATERIALISE_LAZILY = new Set(['to_pandas_batches', 'to_local_iterator', 'to_arrow_batches', 'collect_nowait']);
export const FETCH = new Set(['fetchall', 'fetchone', 'fetchmany', 'fetch_pandas_all']);
export const FETCH_LAZILY = new Set(['fetch_pandas_batches', 'fetch_arrow_batches']);
const SESSION_DATAFRAMES = new Set(['sql', 'table', 'create_dataframe', 'range', 'table_function', 'generator']);
const READER_SETTINGS = new Set(['option', 'options', 'schema', 'with_metadata', 'format']);
const WRITER_SETTINGS = new Set(['mode', 'option', 'options', 'partition_by', 'format']);
const DATAFRAME_NON_FRAMES = new Set(['show', 'explain', 'print_schema']);
const CALLERS_RIGHTS = 'snowflake-callers-rights';

/** What a module's imports mean beyond itself: names other modules of the app re-export. */
export interface ImportLinks {
  /**
   * The dotted name a name imported from a module of the app stands for where that module got it
   * (`appPages.page.st.session_state` -> `streamlit.session_state`), or the name as it is.
   */
  requalify(qualified: string): string;
  /** The string a name imported from a module of the app holds there, when that module sets it once to a literal. */
  importedString(binding: ImportBinding): string | undefined;
}

export class ModuleFacts {
  private scopesValue?: Scopes;
  private readonly kinds = new Map<number, ValueKind>();
  links?: ImportLinks;

  constructor(readonly module: PythonModule) {}

  /** Built on first use: most files have no candidate to decide (and scopes answer lazily, name by name). */
  get scopes(): Scopes {
    this.scopesValue ??= Scopes.of(this.module);
    return this.scopesValue;
  }

  /**
   * The dotted name an expression means after imports: `pd.read_sql` -> `pandas.read_sql`,
   * `get_active_session` (from snowflake.snowpark.context) -> its full name. Undefined when the
   * head of the name is not imported (a builtin keeps its own name).
   */
  qualifiedName(node: SyntaxNode): string | undefined {
    const name = dottedName(node);
    if (!name) return undefined;
    let head = node;
    while (head.type === 'attribute') head = head.childForFieldName('object')!;
    const [first, ...rest] = name.split('.');
    const bindings = this.scopes.bindingsOf(head);
    if (bindings.length === 0) return this.scopes.resolve(head) === undefined ? name : undefined;
    if (bindings.length !== 1 || bindings[0].kind !== 'import') return undefined;
    const imported = bindings[0].import;
    if (!imported) return undefined;
    const base = imported.name === undefined
      ? (imported.bound === first && imported.item.type !== 'aliased_import' ? first : imported.module)
      : `${imported.module}.${imported.name}`;
    const qualified = [base, ...rest].join('.');
    return this.links ? this.links.requalify(qualified) : qualified;
  }

  /** For `st.X...` (or a name imported from streamlit): X. */
  streamlitMember(node: SyntaxNode): string | undefined {
    const qualified = this.qualifiedName(node);
    return qualified?.startsWith('streamlit.') ? qualified.split('.')[1] : undefined;
  }

  /** The function a call's callee names, when the module defines it (and binds the name once). */
  calledFunction(call: SyntaxNode): SyntaxNode | undefined {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'identifier') return undefined;
    const bindings = this.scopes.bindingsOf(callee);
    if (bindings.length !== 1 || bindings[0].kind !== 'definition') return undefined;
    const definition = bindings[0].node.parent!;
    return definition.type === 'function_definition' ? definition : undefined;
  }

  kindOf(expression: SyntaxNode): ValueKind {
    const cached = this.kinds.get(expression.id);
    if (cached) return cached;
    // Recursion through assignments and helpers may come back here: unknown until decided.
    this.kinds.set(expression.id, 'unknown');
    const kind = this.computeKind(expression);
    this.kinds.set(expression.id, kind);
    return kind;
  }

  /** What a parameter holds: from its annotation, its name, or how the function uses it. */
  parameterKind(identifier: SyntaxNode): ValueKind {
    const holder = identifier.parent;
    const annotation = holder?.type === 'typed_parameter' || holder?.type === 'typed_default_parameter'
      ? holder.childForFieldName('type') : undefined;
    if (annotation) {
      const kind = this.annotationKind(annotation);
      if (kind !== 'unknown') return kind;
    }
    const byName = nameKind(identifier.text);
    if (byName !== 'unknown') return byName;
    const definition = this.scopes.scopeOf(identifier);
    for (const use of this.scopes.references(definition, identifier.text)) {
      const attribute = use.parent;
      if (attribute?.type !== 'attribute' || attribute.childForFieldName('object')?.id !== use.id) continue;
      if (attribute.parent?.type !== 'call') continue;
      const method = attribute.childForFieldName('attribute')!.text;
      if (SESSION_DATAFRAMES.has(method) && method !== 'range') return 'session';
      if (method === 'cursor') return 'connection';
      if (method === 'execute' || FETCH.has(method) || FETCH_LAZILY.has(method)) return 'cursor';
      if (method === 'to_pandas' || method === 'collect' || MATERIALISE_LAZILY.has(method)) return 'dataframe';
    }
    return 'unknown';
  }

  /** The kinds a function returns: one kind when all its returns agree (a viewer kind wins). */
  returnKind(definition: SyntaxNode): ValueKind {
    return mergeKinds(returnedExpressions(definition).map((expression) => this.kindOf(expression)), true);
  }

  /** True for `X.builder...create()` / `.getOrCreate()` where X names a Snowpark Session class. */
  isSessionBuilder(call: SyntaxNode): boolean {
    const method = call.childForFieldName('function');
    const name = method?.type === 'attribute' ? method.childForFieldName('attribute')?.text : undefined;
    if (name !== 'create' && name !== 'getOrCreate') return false;
    let current: SyntaxNode | null = method!.childForFieldName('object');
    while (current?.type === 'call') {
      const callee = current.childForFieldName('function');
      current = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    }
    if (current?.type !== 'attribute' || current.childForFieldName('attribute')?.text !== 'builder') return false;
    const owner = dottedName(current.childForFieldName('object')!);
    return owner !== undefined && /(^|\.)Session$/.test(owner);
  }

  private computeKind(expression: SyntaxNode): ValueKind {
    switch (expression.type) {
      case 'parenthesized_expression':
        return expression.firstNamedChild ? this.kindOf(expression.firstNamedChild) : 'unknown';
      case 'identifier':
        return this.identifierKind(expression);
      case 'attribute':
        return this.attributeKind(expression);
      case 'call':
        return this.callKind(expression);
      case 'await':
        return 'unknown';
      default:
        return 'unknown';
    }
  }

  private identifierKind(identifier: SyntaxNode): ValueKind {
    const bindings = this.scopes.bindingsOf(identifier);
    const kinds = bindings.map((binding) => this.bindingKind(binding));
    const merged = mergeKinds(kinds, false);
    // A value no code explains (an imported helper's result, a loop variable) is read as its name says.
    return merged !== 'unknown' ? merged : nameKind(identifier.text);
  }

  private bindingKind(binding: Binding): ValueKind {
    if (binding.kind === 'parameter') return this.parameterKind(binding.node);
    if (binding.kind === 'assignment' && binding.value) return this.kindOf(binding.value);
    if (binding.kind === 'alias') {
      // `with conn.cursor() as cur:` binds what the context manager's value is.
      let pattern: SyntaxNode | null = binding.node.parent;
      while (pattern && pattern.type !== 'as_pattern') pattern = pattern.parent;
      const value = pattern?.firstNamedChild;
      if (pattern?.parent?.type === 'with_item' && value) return this.kindOf(value);
    }
    return 'unknown';
  }

  private attributeKind(attribute: SyntaxNode): ValueKind {
    const objectKind = this.kindOf(attribute.childForFieldName('object')!);
    const name = attribute.childForFieldName('attribute')!.text;
    if (objectKind === 'session' || objectKind === 'viewer-session') {
      if (name === 'connection') return objectKind === 'session' ? 'connection' : 'viewer-connection';
      if (name === 'read') return 'reader';
    }
    if ((objectKind === 'connection' || objectKind === 'viewer-connection') && name === 'raw_connection') return objectKind;
    if (objectKind === 'dataframe' && name === 'write') return 'writer';
    // `self.session`, `app.conn`: what the attribute's name says, as for a variable.
    if (objectKind === 'unknown' && this.streamlitMember(attribute) === undefined) return nameKind(name);
    return 'unknown';
  }

  private callKind(call: SyntaxNode): ValueKind {
    const callee = call.childForFieldName('function')!;
    const qualified = this.qualifiedName(callee);
    if (qualified === 'snowflake.snowpark.context.get_active_session' || qualified === 'get_active_session') return 'session';
    if (callee.type === 'identifier' && /^get_snowflake_session(_\d+)?$/.test(callee.text)) return 'session';
    if (qualified === 'streamlit.connection') return isCallersRights(call) ? 'viewer-connection' : 'connection';
    if (qualified === 'snowflake.connector.connect' || qualified === 'snowflake.connector.connection.SnowflakeConnection') {
      return 'connection';
    }
    if (qualified && /^pandas\.read_sql(_query|_table)?$/.test(qualified)) return 'data';
    if (this.isSessionBuilder(call)) return 'session';
    const helper = this.calledFunction(call);
    if (helper) return this.returnKind(helper);
    if (callee.type !== 'attribute') return 'unknown';
    const method = callee.childForFieldName('attribute')!.text;
    const objectKind = this.kindOf(callee.childForFieldName('object')!);
    switch (objectKind) {
      case 'session':
      case 'viewer-session':
        return SESSION_DATAFRAMES.has(method) ? 'dataframe' : 'unknown';
      case 'reader':
        return READER_SETTINGS.has(method) ? 'reader' : 'dataframe';
      case 'dataframe':
        if (MATERIALISE.has(method)) return 'data';
        if (MATERIALISE_LAZILY.has(method)) return 'iterator';
        return DATAFRAME_NON_FRAMES.has(method) ? 'unknown' : 'dataframe';
      case 'writer':
        return WRITER_SETTINGS.has(method) ? 'writer' : 'unknown';
      case 'connection':
      case 'viewer-connection':
        if (method === 'session') return objectKind === 'connection' ? 'session' : 'viewer-session';
        if (method === 'cursor') return 'cursor';
        if (method === 'query') return 'data';
        return 'unknown';
      case 'cursor':
        if (method === 'execute' || method === 'execute_async') return 'cursor';
        if (FETCH.has(method)) return 'data';
        if (FETCH_LAZILY.has(method)) return 'iterator';
        return 'unknown';
      default:
        return 'unknown';
    }
  }

  private annotationKind(annotation: SyntaxNode): ValueKind {
    const text = annotation.text;
    if (/\bSession\b/.test(text)) return 'session';
    if (/\bSnowflakeConnection\b/.test(text)) return 'connection';
    if (/\b\w*Cursor\b/.test(text)) return 'cursor';
    if (/\b(DataFrame|Table)\b/.test(text)) {
      const snowpark = annotation.descendantsOfType('identifier').some((identifier) =>
        /^(DataFrame|Table)$/.test(identifier.text) && this.qualifiedName(identifier)?.startsWith('snowflake.snowpark'));
      if (snowpark || /\bsnowpark\.(DataFrame|Table)\b/.test(text)) return 'dataframe';
    }
    return 'unknown';
  }
}

/** The expressions a function returns (not those of functions nested in it). */
export function returnedExpressions(definition: SyntaxNode): SyntaxNode[] {
  const body = definition.childForFieldName('body');
  if (!body) return [];
  if (definition.type === 'lambda') return [body];
  return body.descendantsOfType('return_statement')
    .filter((statement) => ownFunction(statement)?.id === definition.id)
    .map((statement) => statement.firstNamedChild)
    .filter((value): value is SyntaxNode => value !== null);
}

/** The function or lambda whose code a node runs as part of. */
export function ownFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda') return current;
  }
  return undefined;
}

/** What a name alone suggests, for values no code explains (a parameter, an imported helper's result). */
export function nameKind(name: string): ValueKind {
  const bare = name.replace(/^_+/, '').toLowerCase();
  if (/(^|_)session$/.test(bare)) return 'session';
  if (/^(conn|con|cnx|connection)$/.test(bare) || /_(conn|connection|cnx)$/.test(bare)) return 'connection';
  if (/^(cur|cursor)$/.test(bare) || /_cursor$/.test(bare)) return 'cursor';
  return 'unknown';
}

function mergeKinds(kinds: ValueKind[], requireAgreement: boolean): ValueKind {
  const viewer = kinds.find((kind) => VIEWER_KINDS.has(kind));
  if (viewer) return viewer;
  const known = kinds.filter((kind) => kind !== 'unknown');
  if (known.length === 0) return 'unknown';
  if (requireAgreement && (known.length !== kinds.length || known.some((kind) => kind !== known[0]))) return 'unknown';
  return known[0];
}

function isCallersRights(call: SyntaxNode): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.some((argument) => {
    const value = argument.type === 'keyword_argument'
      ? (['type', 'connection_name', 'name'].includes(argument.childForFieldName('name')!.text)
        ? argument.childForFieldName('value') : null)
      : argument;
    return value ? stringLiteralValue(value) === CALLERS_RIGHTS : false;
  });
}

/** The parameter identifiers of a function, in order, with how each may be passed. */
export function parameterList(definition: SyntaxNode): { identifier: SyntaxNode; position?: number; splat: boolean }[] {
  const result: { identifier: SyntaxNode; position?: number; splat: boolean }[] = [];
  let position = 0;
  let keywordOnly = false;
  const parameters = definition.childForFieldName('parameters');
  const identifiers = parameterIdentifiers(definition);
  for (const child of parameters?.namedChildren ?? []) {
    if (child.type === 'keyword_separator') {
      keywordOnly = true;
      continue;
    }
    if (child.type === 'positional_separator') continue;
    const splat = child.type === 'list_splat_pattern' || child.type === 'dictionary_splat_pattern'
      || (child.type === 'typed_parameter' && /^(list|dictionary)_splat_pattern$/.test(child.firstNamedChild?.type ?? ''));
    const identifier = identifiers.find((node) => contains(child, node));
    if (!identifier) continue;
    if (splat) {
      if (child.text.startsWith('*') && !child.text.startsWith('**')) keywordOnly = true;
      result.push({ identifier, splat: true });
      continue;
    }
    result.push({ identifier, ...(keywordOnly ? {} : { position: position++ }), splat: false });
  }
  return result;
}
