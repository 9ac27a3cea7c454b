/**
 * Python 3.8-3.10 code that no longer runs on 3.11 (the container runtime's only Python; runtime
 * facts section 3). Exact replacements are made; the rest is reported.
 *
 * - collections ABC aliases (`collections.Mapping`, ...): removed in 3.10, same classes in
 *   `collections.abc`.
 * - `base64.encodestring` / `decodestring`: removed in 3.9, aliases of `encodebytes` / `decodebytes`.
 * - `@asyncio.coroutine`: removed in 3.11. A generator-based coroutine whose only yields are
 *   `yield from` becomes `async def` with `await`.
 * - `inspect.getargspec`: removed in 3.11. `getfullargspec` gives the same `args`, `varargs` and
 *   `defaults`, and `varkw` for `keywords`; other uses (unpacking four values) are reported.
 */
import { lookupTable } from '../../src/lookup-table';
import { callArguments } from '../../src/python/arguments';
import { ImportBinding, nameUses, removeImportBindings } from '../../src/python/imports';
import { SyntaxNode } from '../../src/python/parser';
import { bindingKind } from '../../src/python/scope';
import { enclosingFunction, isNameReference } from '../../src/python/syntax';
import { Context } from './context';

export const ABC_NAMES = new Set(['Awaitable', 'Coroutine', 'AsyncIterable', 'AsyncIterator', 'AsyncGenerator', 'Hashable',
  'Iterable', 'Iterator', 'Generator', 'Reversible', 'Sized', 'Container', 'Callable', 'Collection', 'Set',
  'MutableSet', 'Mapping', 'MutableMapping', 'MappingView', 'KeysView', 'ItemsView', 'ValuesView', 'Sequence',
  'MutableSequence', 'ByteString']);
/** Any of the ABC names: both collections rewrites need one (imported, or as the attribute). */
const ABC_WORD = new RegExp(`\\b(${[...ABC_NAMES].join('|')})\\b`);
const BASE64_RENAMES = lookupTable({ encodestring: 'encodebytes', decodestring: 'decodebytes' });
const ARGSPEC_FIELDS = lookupTable({ args: 'args', varargs: 'varargs', defaults: 'defaults', keywords: 'varkw' });
/** asyncio functions and classes whose `loop` parameter Python 3.10 removed. */
const LOOP_REMOVED = new Set(['sleep', 'gather', 'wait', 'wait_for', 'shield', 'as_completed', 'open_connection',
  'start_server', 'open_unix_connection', 'start_unix_server', 'create_subprocess_exec', 'create_subprocess_shell',
  'Queue', 'LifoQueue', 'PriorityQueue', 'Lock', 'Event', 'Condition', 'Semaphore', 'BoundedSemaphore']);

export function rewritePython311(context: Context): void {
  const text = context.module.text;
  if (/\bcollections\b/.test(text) && ABC_WORD.test(text)) {
    rewriteCollectionsImports(context);
    rewriteCollectionsAttributes(context);
  }
  if (/\b(encodestring|decodestring|getargspec)\b/.test(text)) rewriteRenamedFunctions(context);
  if (/\bcoroutine\b/.test(text)) rewriteCoroutines(context);
  reportOtherBreaks(context);
}

/** `from collections import Mapping, OrderedDict` -> `from collections import OrderedDict` + `from collections.abc import Mapping`. */
function rewriteCollectionsImports(context: Context): void {
  const { module } = context;
  const byStatement = new Map<number, ImportBinding[]>();
  for (const binding of context.imports) {
    if (binding.module !== 'collections' || !binding.name || !ABC_NAMES.has(binding.name)) continue;
    byStatement.set(binding.statement.id, [...(byStatement.get(binding.statement.id) ?? []), binding]);
  }
  for (const abcs of byStatement.values()) {
    const statement = abcs[0].statement;
    const names = statement.childrenForFieldName('name');
    if (names.length === abcs.length) {
      context.edits.replaceNode(statement.childForFieldName('module_name')!, 'collections.abc');
      continue;
    }
    const items = abcs.map((binding) => binding.item.text).join(', ');
    const indent = module.indentationAt(statement.startIndex);
    const line = `from collections.abc import ${items}`;
    if (module.endsLine(statement.endIndex)) {
      const at = module.nextLineStart(statement.endIndex);
      const newline = at === module.text.length && !/[\r\n]$/.test(module.text) ? '\n' : '';
      context.edits.add({ start: at, end: at, text: `${newline}${indent}${line}\n` });
    } else {
      context.edits.add({ start: statement.endIndex, end: statement.endIndex, text: `; ${line}` });
    }
    removeImportBindings(module, abcs);
  }
}

/** `collections.Mapping` -> `collections.abc.Mapping`, importing `collections.abc` if needed. */
function rewriteCollectionsAttributes(context: Context): void {
  const { module } = context;
  const hasAbcImport = context.imports.some((binding) => binding.name === undefined && binding.module === 'collections.abc'
    && binding.bound === 'collections');
  const importers = new Map<number, ImportBinding>();
  for (const attribute of context.attributesNamed(ABC_NAMES)) {
    const name = attribute.childForFieldName('attribute')!;
    const base = context.qualifier.qualify(attribute.childForFieldName('object')!);
    if (base?.target !== 'collections' || !base.certain) continue;
    context.edits.add({ start: name.startIndex, end: name.startIndex, text: 'abc.' });
    if (!hasAbcImport) importers.set(base.binding!.statement.id, base.binding!);
  }
  // `import collections` alone does not promise `collections.abc`; import it next to it.
  for (const binding of importers.values()) {
    const statement = binding.statement;
    const at = module.nextLineStart(statement.endIndex);
    const newline = at === module.text.length && !/[\r\n]$/.test(module.text) ? '\n' : '';
    context.edits.add({ start: at, end: at, text: `${newline}${module.indentationAt(statement.startIndex)}import collections.abc\n` });
  }
}

/** base64.encodestring/decodestring and inspect.getargspec, by attribute or from-import. */
function rewriteRenamedFunctions(context: Context): void {
  const { scopes, report } = context;
  for (const attribute of context.nodes('attribute')) {
    const qualified = context.qualifier.qualify(attribute);
    if (!qualified?.certain) continue;
    const name = attribute.childForFieldName('attribute')!;
    const [owner, member] = splitLast(qualified.target);
    if (owner === 'base64' && BASE64_RENAMES[member]) {
      context.edits.replaceNode(name, BASE64_RENAMES[member]);
    } else if (qualified.target === 'inspect.getargspec') {
      const fields = argspecFieldEdits(attribute);
      if (!fields) {
        report.manualAt(attribute, { code: 'getargspec', message: getargspecMessage });
        continue;
      }
      context.edits.add({ start: name.startIndex, end: name.endIndex, text: 'getfullargspec' }, ...fields);
    }
  }
  const renames: Array<[string, string, string]> = [
    ['base64', 'encodestring', 'encodebytes'], ['base64', 'decodestring', 'decodebytes'],
    ['inspect', 'getargspec', 'getfullargspec'],
  ];
  for (const [owner, old, renamed] of renames) {
    for (const binding of scopes.imports.filter((b) => b.module === owner && b.name === old)) {
      renameFromImport(context, binding, renamed);
    }
  }
}

const getargspecMessage = 'inspect.getargspec was removed in Python 3.11; use inspect.getfullargspec (7 fields: '
  + 'keywords is now varkw) or inspect.signature';

/** For `getargspec(f).args` (and .varargs/.defaults/.keywords): the edit of the field name, if any. */
function argspecFieldEdits(callee: SyntaxNode): Array<{ start: number; end: number; text: string }> | undefined {
  const call = callee.parent;
  if (call?.type !== 'call' || call.childForFieldName('function')?.id !== callee.id) return undefined;
  const access = call.parent;
  if (access?.type !== 'attribute' || access.childForFieldName('object')?.id !== call.id) return undefined;
  const field = access.childForFieldName('attribute')!;
  const renamed = ARGSPEC_FIELDS[field.text];
  if (renamed === undefined) return undefined;
  return renamed === field.text ? [] : [{ start: field.startIndex, end: field.endIndex, text: renamed }];
}

/** `from base64 import encodestring` -> `from base64 import encodebytes`, with every use renamed. */
function renameFromImport(context: Context, binding: ImportBinding, renamed: string): void {
  const { scopes, report } = context;
  const uses = context.identifiers(binding.bound, 'whole').filter((identifier) => isNameReference(identifier) && !bindingKind(identifier) && scopes.resolve(identifier)?.binding === binding);
  const fieldEdits = [];
  for (const use of uses) {
    if (binding.name !== 'getargspec') continue;
    const fields = argspecFieldEdits(use);
    if (!fields) {
      report.manualAt(use, { code: 'getargspec', message: getargspecMessage });
      return;
    }
    fieldEdits.push(...fields);
  }
  const free = context.identifiers(renamed, 'whole').length === 0;
  const keep = binding.item.type === 'aliased_import' || !free;
  const local = keep ? binding.bound : renamed;
  context.edits.replaceNode(binding.item, local === renamed ? renamed : `${renamed} as ${local}`);
  if (!keep) for (const use of uses) context.edits.replaceNode(use, renamed);
  context.edits.add(...fieldEdits);
}

/**
 * `@asyncio.coroutine` generator functions -> `async def`. The decorator wrapped generators as
 * coroutines; with `yield from x` replaced by `await x` an `async def` behaves the same for
 * callers that await it. A plain `yield` (or no yield at all: the decorator then awaited a
 * returned awaitable) has no exact equivalent and is reported.
 */
function rewriteCoroutines(context: Context): void {
  const { module, scopes, report } = context;
  /** Decorators converted, by the `from asyncio import coroutine` item they went through. */
  const converted = new Map<number, number>();
  for (const decorator of context.nodes('decorator')) {
    const expression = decorator.firstNamedChild!;
    const qualified = context.qualifier.qualify(expression);
    if (!qualified?.certain || !['asyncio.coroutine', 'asyncio.coroutines.coroutine'].includes(qualified.target)) continue;
    const definition = decorator.parent!.childForFieldName('definition');
    if (definition?.type !== 'function_definition' || definition.child(0)?.type === 'async') continue;
    const yields = definition.descendantsOfType('yield')
      .filter((node) => node.isNamed && enclosingFunction(node)?.id === definition.id);
    if (yields.length === 0 || yields.some((node) => node.child(1)?.type !== 'from')) {
      report.manualAt(decorator, {
        code: 'asyncio-coroutine',
        message: '@asyncio.coroutine was removed in Python 3.11; rewrite this function as "async def" with await '
          + '(stcodemod converts only generators that use nothing but "yield from")',
      });
      continue;
    }
    removeDecoratorLine(context, decorator);
    context.edits.add({ start: definition.startIndex, end: definition.startIndex, text: 'async ' });
    for (const node of yields) {
      const value = node.namedChildren[0];
      const atom = ['identifier', 'call', 'attribute', 'subscript', 'parenthesized_expression'].includes(value.type);
      context.edits.replaceNode(node, `await ${atom ? value.text : `(${value.text})`}`);
    }
    if (qualified.binding?.name === 'coroutine') {
      const item = qualified.binding.item.id;
      converted.set(item, (converted.get(item) ?? 0) + 1);
    }
  }
  // `from asyncio import coroutine` fails on 3.11: drop it once nothing uses it.
  if (converted.size > 0) {
    const uses = nameUses(module);
    const unused = scopes.imports.filter((binding) => converted.has(binding.item.id)
      && (uses.get(binding.bound) ?? 0) <= converted.get(binding.item.id)!);
    if (unused.length > 0) removeImportBindings(module, unused);
  }
}

function removeDecoratorLine(context: Context, decorator: SyntaxNode): void {
  const { module } = context;
  // tree-sitter counts a trailing comment as part of the decorator: keep it, on its own line.
  const expressionEnd = decorator.firstNamedChild!.endIndex;
  const lineEnd = module.nextLineStart(expressionEnd);
  const rest = module.text.slice(expressionEnd, lineEnd);
  if (rest.trim() === '') {
    context.edits.add({ start: module.lineStart(decorator.startIndex), end: lineEnd, text: '' });
  } else {
    context.edits.add({ start: decorator.startIndex, end: expressionEnd + (rest.length - rest.trimStart().length), text: '' });
  }
}

/** Breaks without an exact replacement: reported as manual steps. */
function reportOtherBreaks(context: Context): void {
  const { report } = context;
  const calls = /\b(gcd|formatargspec|sample)\s*\(|\bloop\s*=/.test(context.module.text) ? context.nodes('call') : [];
  for (const call of calls) {
    // Qualify only the calls whose last name could be one of ours (qualifying is the costly part).
    const callee = call.childForFieldName('function')!;
    const last = callee.type === 'attribute' ? callee.childForFieldName('attribute')!.text : callee.text;
    if (!LOOP_REMOVED.has(last) && !['gcd', 'formatargspec', 'sample'].includes(last)) continue;
    const qualified = context.qualifier.qualify(callee);
    if (!qualified?.certain) continue;
    const [owner, member] = splitLast(qualified.target);
    const args = callArguments(call);
    if (owner === 'asyncio' && LOOP_REMOVED.has(member) && args?.keywords.has('loop')) {
      report.manualAt(args.keywords.get('loop')!, {
        code: 'asyncio-loop-argument',
        message: `asyncio.${member}() lost its loop argument in Python 3.10; remove it (the running loop is used)`,
      });
    } else if (qualified.target === 'fractions.gcd') {
      report.manualAt(call, {
        code: 'fractions-gcd',
        message: 'fractions.gcd was removed in Python 3.9; math.gcd is the replacement but never returns a negative number',
      });
    } else if (qualified.target === 'inspect.formatargspec') {
      report.manualAt(call, {
        code: 'formatargspec',
        message: 'inspect.formatargspec was removed in Python 3.11; use str(inspect.signature(f))',
      });
    } else if (qualified.target === 'random.sample' && args && isSet(args.positional[0])) {
      report.manualAt(call, {
        code: 'random-sample-set',
        message: 'random.sample() no longer accepts a set in Python 3.11; pass sorted(...) or list(...) of it',
      });
    }
  }
  const classes = /Enum|Flag/.test(context.module.text) ? context.nodes('class_definition') : [];
  for (const definition of classes) {
    const superclasses = definition.childForFieldName('superclasses');
    if (!superclasses || !/Enum|Flag/.test(superclasses.text)) continue;
    const bases = superclasses.namedChildren;
    const targets = bases.map((base) => context.qualifier.qualify(base)?.target ?? base.text);
    const enumBase = targets.some((target) => target === 'enum.Enum' || target === 'enum.Flag');
    const mixin = bases.some((base) => base.type === 'identifier' && ['str', 'int', 'float'].includes(base.text)
      && !context.scopes.bindingSites(base)?.length);
    const name = definition.childForFieldName('name')!.text;
    if (enumBase && mixin) {
      report.manualAt(definition, {
        code: 'enum-format',
        message: `Python 3.11 changed format() and f-strings of ${name} members to give "${name}.MEMBER" instead `
          + 'of the value; use .value where the value is shown (or enum.StrEnum)',
      });
    } else if (targets.some((target) => target === 'enum.IntEnum' || target === 'enum.IntFlag')) {
      report.manualAt(definition, {
        code: 'enum-str',
        message: `Python 3.11 changed str() of ${name} members to give the number instead of "${name}.MEMBER"; `
          + 'check where members are shown as text',
      });
    }
  }
}

function isSet(node: SyntaxNode | undefined): boolean {
  if (!node) return false;
  if (node.type === 'set' || node.type === 'set_comprehension') return true;
  const callee = node.type === 'call' ? node.childForFieldName('function') : undefined;
  return callee?.type === 'identifier' && (callee.text === 'set' || callee.text === 'frozenset');
}

function splitLast(target: string): [string, string] {
  const dot = target.lastIndexOf('.');
  return [target.slice(0, dot), target.slice(dot + 1)];
}
