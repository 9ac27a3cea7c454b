/**
 * Removed and deprecated `st.*` members: renames, query parameters and the legacy `st.cache`,
 * reached through the module alias (`st.experimental_rerun`), a container
 * (`st.sidebar.beta_expander`) or a from-import (`from streamlit import experimental_rerun`).
 */
import {
  argumentRemovalRange, booleanLiteral, CallArguments, callArguments, keywordValue, onlyArgumentsAmong,
} from '../../src/python/arguments';
import { lookupTable } from '../../src/lookup-table';
import { ImportBinding, removeImportBindings } from '../../src/python/imports';
import { SyntaxNode } from '../../src/python/parser';
import { bindingKind, Scopes } from '../../src/python/scope';
import { isStreamlitContainer } from '../../src/python/streamlit-containers';
import { freeName } from '../../src/python/streamlit';
import { isNameReference, stringLiteralValue } from '../../src/python/syntax';
import { Context, Edit, emit, inSourceOrder, isInsideFString, Note } from './context';

/**
 * Same behaviour, new name. Sources: streamlit's release notes and deprecation messages; the
 * `experimental_*` names removed in 1.37 (rerun, memo, singleton, data_editor, connection) and
 * in 1.49 (dialog, fragment: streamlit/streamlit#12167) are in runtime-facts section 8;
 * `beta_*` layout names graduated in 0.86 and were removed in late 2021 (streamlit/streamlit#2251
 * for set_page_config; "beta_columns is now simply columns" in public apps' commits).
 */
export const RENAMED = lookupTable({
  experimental_rerun: 'rerun',
  experimental_memo: 'cache_data',
  experimental_singleton: 'cache_resource',
  experimental_data_editor: 'data_editor',
  experimental_connection: 'connection',
  experimental_dialog: 'dialog',
  experimental_fragment: 'fragment',
  experimental_user: 'user',
  experimental_audio_input: 'audio_input',
  beta_columns: 'columns',
  beta_expander: 'expander',
  beta_container: 'container',
  beta_set_page_config: 'set_page_config',
  beta_color_picker: 'color_picker',
});
/** Renamed members that are also methods of containers (`st.sidebar.beta_expander(...)`). */
const CONTAINER_METHODS = new Set(['beta_columns', 'beta_expander', 'beta_container', 'beta_color_picker',
  'experimental_data_editor', 'experimental_audio_input']);
const GET_QUERY = 'experimental_get_query_params';
const SET_QUERY = 'experimental_set_query_params';
const HANDLED = new Set([...Object.keys(RENAMED), GET_QUERY, SET_QUERY, 'cache']);
/** True for a member this module rewrites or reports (removed-api.ts leaves those to it). */
export function isHandledMember(name: string): boolean {
  return HANDLED.has(name) || /^(experimental|beta)_/.test(name);
}
/** The cache decorators whose `experimental_allow_widgets` argument Streamlit 1.49 removed (#12167). */
const CACHE_DECORATORS = new Set(['cache_data', 'cache_resource', 'experimental_memo', 'experimental_singleton']);
/** `st.cache` arguments that `st.cache_data` / `st.cache_resource` take unchanged. */
const KEPT_CACHE_ARGUMENTS = new Set(['func', 'show_spinner', 'hash_funcs', 'max_entries', 'ttl']);

/** How one use of a member is rewritten, once it is known how the module names the new members. */
interface UsePlan {
  /** The new members the rewritten use refers to. */
  members: string[];
  edits(reference: Reference): Edit[];
  notes: Note[];
}

interface Failure {
  failure: string;
}

/** One place that names `streamlit.<member>`, and how to make it name another member. */
interface Reference {
  /** An expression that reaches `streamlit.<member>` here. */
  write(member: string): string;
  /** The edit that makes this place name `<member><suffix>`. */
  rename(member: string, suffix?: string): Edit;
}

export function rewriteMembers(context: Context): void {
  const text = context.module.text;
  if (!/\b(experimental|beta)_|\bcache\b/.test(text)) return;
  rewriteAttributeUses(context);
  if (/\bfrom\s+streamlit\s+import\b/.test(text)) rewriteFromImports(context);
  if (text.includes('experimental_allow_widgets')) dropAllowWidgets(context);
}

/** `st.experimental_rerun`, `streamlit.cache`, `st.sidebar.beta_expander`, ... */
function rewriteAttributeUses(context: Context): void {
  const { report } = context;
  for (const attribute of memberAttributes(context)) {
    const object = attribute.childForFieldName('object')!;
    const name = attribute.childForFieldName('attribute')!;
    const member = name.text;
    if (!HANDLED.has(member) && !/^(experimental|beta)_/.test(member)) continue;
    const base = context.qualifier.qualify(object);
    // `if local: import shim as st` / `else: import streamlit as st`: one of the bindings is Streamlit.
    const onModule = base !== undefined && (base.target === 'streamlit' || base.alternatives?.includes('streamlit') === true);
    const onContainer = !onModule && CONTAINER_METHODS.has(member) && isStreamlitContainer(object, context.scopes);
    if (!onModule && !onContainer) {
      reportStarImportedObject(context, attribute, object);
      continue;
    }
    if (onModule && !base!.certain) {
      report.manualAt(attribute, {
        code: 'uncertain-reference',
        message: `${attribute.text}: ${object.text} is bound to streamlit and to something else in this module; `
          + 'stcodemod left it as it is: rewrite it by hand if it is Streamlit\'s',
      });
      continue;
    }
    if (!HANDLED.has(member)) {
      report.manualAt(attribute, {
        code: 'unknown-experimental',
        message: `st.${member} has no replacement stcodemod knows of; check that it exists in Streamlit 1.50 `
          + 'or replace it by hand',
      });
      continue;
    }
    const plan = planUse(context, attribute, member);
    if ('failure' in plan) {
      report.manualAt(attribute, { code: 'cannot-rewrite', message: plan.failure });
      continue;
    }
    const reference: Reference = {
      write: (target) => `${object.text}.${target}`,
      rename: (target, suffix = '') => ({ start: name.startIndex, end: name.endIndex, text: `${target}${suffix}` }),
    };
    context.edits.add(...plan.edits(reference));
    emit(report, plan.notes);
  }
}

/**
 * `from helpers import *` then `st.experimental_rerun()`: `st` may well be Streamlit, bound in a
 * module stcodemod does not follow from here, so the use is reported rather than skipped.
 */
function reportStarImportedObject(context: Context, attribute: SyntaxNode, object: SyntaxNode): void {
  let root = object;
  while (root.type === 'attribute') root = root.childForFieldName('object')!;
  if (root.type !== 'identifier' || context.scopes.bindingSites(root)?.length) return;
  const resolution = context.scopes.resolve(root);
  if (resolution && resolution.binding?.bound !== '*') return;
  const stars = context.imports.filter((binding) => binding.bound === '*' && binding.moduleLevel && binding.module !== 'streamlit');
  if (stars.length === 0) return;
  const member = attribute.childForFieldName('attribute')!.text;
  const replacement = RENAMED[member] ?? (member === 'cache' ? 'cache_data or cache_resource'
    : member === GET_QUERY || member === SET_QUERY ? 'query_params' : undefined);
  context.report.manualAt(attribute, {
    code: 'star-import',
    message: `${attribute.text}: ${root.text} comes from ${stars.map((star) => `"from ${star.module} import *"`).join(' or ')}, `
      + `which stcodemod does not follow; if it is Streamlit, st.${member} does not exist in Streamlit 1.50: `
      + (replacement ? `use st.${replacement}` : 'replace it by hand'),
  });
}

/**
 * The attributes whose member is `cache` or starts with `experimental_` or `beta_`, as
 * `nodesOfType('attribute')` would list them: found from where those words are written.
 */
function memberAttributes(context: Context): SyntaxNode[] {
  return inSourceOrder([...context.attributesNamed(['experimental_', 'beta_'], 'prefix'),
    ...context.attributesNamed(['cache'])]);
}

/**
 * `from streamlit import experimental_rerun [as x]`: the import and every use change together.
 * A use that cannot be rewritten leaves the whole import and all its uses as they are (with a
 * manual step), so the module never ends up half converted.
 */
function rewriteFromImports(context: Context): void {
  const { module, scopes, report } = context;
  reportStarImportUses(context);
  const bindings = scopes.imports.filter((binding) => binding.module === 'streamlit' && binding.name !== undefined
    && HANDLED.has(binding.name) && binding.bound !== '*');
  if (bindings.length === 0) return;
  const uses = usesByBinding(context, bindings);
  const exported = new ExportedNames(context);
  const locals = new LocalNames(context);
  const removals: ImportBinding[] = [];
  for (const binding of bindings) {
    const name = binding.name!;
    const planned: Array<{ use: SyntaxNode; plan: UsePlan }> = [];
    let failed = false;
    for (const use of uses.get(binding.item.id) ?? []) {
      const plan = use.uncertain
        ? { failure: `${use.node.text} is bound to streamlit.${name} and to something else in this module; rewrite it by hand` }
        : planUse(context, use.node, name);
      if ('failure' in plan) {
        report.manualAt(use.node, {
          code: 'cannot-rewrite',
          message: `${plan.failure} (the import of ${name} and its other uses were left as they are)`,
        });
        failed = true;
      } else {
        planned.push({ use: use.node, plan });
      }
    }
    if (failed) continue;
    const apply = (localOf: (member: string) => string) => {
      for (const { use, plan } of planned) {
        context.edits.add(...plan.edits(identifierReference(use, localOf)));
        emit(report, plan.notes);
      }
    };
    const renamedTo = RENAMED[name];
    if (renamedTo !== undefined) {
      const reused = exported.has(binding.bound) ? undefined : locals.existing(binding, renamedTo);
      if (reused !== undefined) {
        removals.push(binding);
        apply(() => reused);
        continue;
      }
      // The new name, unless the module's own name for it must stay (an alias, a clash, an export).
      const keepName = binding.item.type === 'aliased_import' || !locals.isFree(renamedTo) || exported.has(binding.bound);
      const local = keepName ? binding.bound : renamedTo;
      locals.plan(binding, renamedTo, local);
      context.edits.replaceNode(binding.item, importItem(renamedTo, local));
      apply(() => local);
      continue;
    }
    if (exported.has(binding.bound)) {
      report.manualAt(binding.item, {
        code: 'cannot-rewrite',
        message: `${binding.bound} is exported by name (a string in this module names it); replace streamlit.${name} by hand`,
      });
      continue;
    }
    const members = new Set(planned.flatMap(({ plan }) => plan.members));
    if (members.size === 0) members.add(name === 'cache' ? 'cache_data' : 'query_params');
    const items: string[] = [];
    const localOf = new Map<string, string>();
    for (const member of members) {
      const reused = locals.existing(binding, member);
      if (reused !== undefined) {
        localOf.set(member, reused);
        continue;
      }
      const local = locals.isFree(member) ? member : freeName(module, member);
      locals.plan(binding, member, local);
      localOf.set(member, local);
      items.push(importItem(member, local));
    }
    if (items.length === 0) removals.push(binding);
    else context.edits.replaceNode(binding.item, items.join(', '));
    apply((member) => localOf.get(member)!);
  }
  if (removals.length > 0) removeImportBindings(module, removals);
}

/** The names some string of the module spells exactly (as `__all__` lists them). */
class ExportedNames {
  private strings?: Set<string | undefined>;

  constructor(private readonly context: Context) {}

  has(name: string): boolean {
    // A string whose value is `name` has it right between its quotes: without that in the
    // text, no string needs to be read.
    const text = this.context.module.text;
    if (!text.includes(`"${name}"`) && !text.includes(`'${name}'`)) return false;
    this.strings ??= new Set(this.context.nodes('string').map((node) => stringLiteralValue(node)));
    return this.strings.has(name);
  }
}

/** `from streamlit import *` then `experimental_rerun()`: the star import cannot be fixed by renaming. */
function reportStarImportUses(context: Context): void {
  if (!context.scopes.imports.some((binding) => binding.module === 'streamlit' && binding.bound === '*')) return;
  const handled = [...context.identifiers('experimental_', 'prefix'), ...context.identifiers('beta_', 'prefix'),
    ...context.identifiers('cache', 'whole')];
  for (const identifier of inSourceOrder(handled)) {
    if (!HANDLED.has(identifier.text) || !isNameReference(identifier) || bindingKind(identifier)) continue;
    const resolution = context.scopes.resolve(identifier);
    if (resolution?.binding?.bound !== '*' || resolution.binding.module !== 'streamlit') continue;
    const replacement = RENAMED[identifier.text] ?? (identifier.text === 'cache' ? 'cache_data or cache_resource' : 'query_params');
    context.report.manualAt(identifier, {
      code: 'star-import',
      message: `${identifier.text} comes from "from streamlit import *" and no longer exists in Streamlit 1.50; `
        + `import streamlit as st and use st.${replacement}`,
    });
  }
}

interface Use {
  node: SyntaxNode;
  uncertain: boolean;
}

/** The identifiers that read each from-imported name, by the import item they resolve to. */
function usesByBinding(context: Context, bindings: ImportBinding[]): Map<number, Use[]> {
  const items = new Set(bindings.map((binding) => binding.item.id));
  const uses = new Map<number, Use[]>();
  const names = new Set(bindings.map((binding) => binding.bound));
  for (const identifier of inSourceOrder([...names].flatMap((name) => context.identifiers(name, 'whole')))) {
    if (!isNameReference(identifier) || bindingKind(identifier)) continue;
    const resolution = context.scopes.resolve(identifier);
    // With several imports of the name (`if local: from shim import x` / `else: from streamlit import x`),
    // the use belongs to the Streamlit one, uncertainly.
    const item = (resolution?.imports ?? (resolution?.binding ? [resolution.binding] : []))
      .map((binding) => binding.item).find((candidate) => items.has(candidate.id));
    if (!item) continue;
    const list = uses.get(item.id) ?? [];
    list.push({ node: identifier, uncertain: !resolution!.certain });
    uses.set(item.id, list);
  }
  return uses;
}

function identifierReference(identifier: SyntaxNode, localOf: (member: string) => string): Reference {
  return {
    write: localOf,
    rename: (member, suffix = '') => ({ start: identifier.startIndex, end: identifier.endIndex, text: `${localOf(member)}${suffix}` }),
  };
}

function importItem(member: string, local: string): string {
  return member === local ? member : `${member} as ${local}`;
}

/** The local names a module gives the new members, planned and existing. */
class LocalNames {
  private readonly planned = new Map<string, string>();
  /** The local names planned so far. */
  private readonly taken = new Set<string>();

  constructor(private readonly context: Context) {}

  /** A name that appears nowhere in the module (not even as an attribute) and is not planned. */
  isFree(name: string): boolean {
    return !this.taken.has(name) && this.context.identifiers(name, 'whole').length === 0;
  }

  /** The name under which `from streamlit import <member>` already binds it in this import's scope. */
  existing(binding: ImportBinding, member: string): string | undefined {
    const key = this.key(binding, member);
    if (this.planned.has(key)) return this.planned.get(key);
    const scope = this.scopeOf(binding);
    const found = this.context.scopes.imports.find((other) => other.module === 'streamlit' && other.name === member
      && this.scopeOf(other) === scope);
    return found?.bound;
  }

  plan(binding: ImportBinding, member: string, local: string): void {
    this.planned.set(this.key(binding, member), local);
    this.taken.add(local);
  }

  private key(binding: ImportBinding, member: string): string {
    return `${this.scopeOf(binding)}:${member}`;
  }

  private scopeOf(binding: ImportBinding): number {
    return Scopes.of(this.context.module).scopeOf(binding.statement).id;
  }
}

/** How one use of `streamlit.<member>` (an attribute or a from-imported name) is rewritten. */
function planUse(context: Context, node: SyntaxNode, member: string): UsePlan | Failure {
  if (isAssignmentTarget(node)) return { failure: `st.${member} is assigned here; stcodemod leaves this to you` };
  if (member === GET_QUERY) return planGetQueryParams(node);
  if (member === SET_QUERY) return planSetQueryParams(context, node);
  if (member === 'cache') return planCache(context, node);
  const renamed = RENAMED[member]!; // every other handled member is a rename
  const notes: Note[] = [];
  if (member === 'experimental_data_editor' && context.module.text.includes('edited_cells')) {
    notes.push({
      kind: 'manual',
      node,
      finding: {
        code: 'data-editor-state',
        message: 'st.data_editor reports edits under "edited_rows" (keyed by row), not "edited_cells": '
          + 'update the code that reads its session state',
      },
    });
  }
  return { members: [renamed], edits: (reference) => [reference.rename(renamed)], notes };
}

function isAssignmentTarget(node: SyntaxNode): boolean {
  const parent = node.parent;
  return (parent?.type === 'assignment' || parent?.type === 'augmented_assignment')
    && parent.childForFieldName('left')?.id === node.id;
}

/** The call a reference is the callee of, if any. */
function calleeOf(node: SyntaxNode): SyntaxNode | undefined {
  const parent = node.parent;
  return parent?.type === 'call' && parent.childForFieldName('function')?.id === node.id ? parent : undefined;
}

/**
 * `st.experimental_get_query_params()` returned a fresh dict of lists of strings (parse_qs, without
 * the embed keys). `st.query_params` iterates its keys without the embed keys too, and
 * `get_all(key)` returns every value of a key as a list (streamlit
 * lib/streamlit/runtime/state/query_params.py). `get_all` hands out its internal list for a
 * repeated key, so it is copied: code that appends to a value must not change st.query_params.
 */
function planGetQueryParams(node: SyntaxNode): UsePlan | Failure {
  const call = calleeOf(node);
  if (!call) {
    return { failure: 'st.experimental_get_query_params is used without being called; it was removed in Streamlit 1.54: '
      + 'read st.query_params instead (st.query_params.get_all(key) gives the list the old function gave)' };
  }
  if ((callArguments(call)?.all.length ?? 1) > 0) {
    return { failure: 'st.experimental_get_query_params() is called with arguments; replace it by hand with st.query_params' };
  }
  // Directly inside an f-string's braces, a leading `{` would read as an escaped brace.
  const wrap = call.parent?.type === 'interpolation';
  return {
    members: ['query_params'],
    edits: (reference) => {
      const params = reference.write('query_params');
      const key = params.split('.')[0] === 'key' ? 'name' : 'key';
      const dict = `{${key}: list(${params}.get_all(${key})) for ${key} in ${params}}`;
      return [{ start: call.startIndex, end: call.endIndex, text: wrap ? `(${dict})` : dict }];
    },
    notes: [],
  };
}

/**
 * `st.experimental_set_query_params(**kw)` replaced every query parameter (keeping the embed
 * ones) with `kw`, writing lists as repeated keys and anything else with str().
 * `st.query_params.from_dict(mapping)` does the same (query_params.py: from_dict clears all but
 * the embed keys, then sets each value, iterables as repeated keys, str() otherwise). The keyword
 * arguments become a dict literal with the same keys, values and order.
 */
function planSetQueryParams(context: Context, node: SyntaxNode): UsePlan | Failure {
  const call = calleeOf(node);
  const args = call && callArguments(call);
  if (!call || !args) {
    return { failure: 'st.experimental_set_query_params is used without being called; it was removed in Streamlit 1.54: '
      + 'assign to st.query_params instead' };
  }
  if (args.positional.length > 0 || args.splats.some((splat) => splat.type === 'list_splat')) {
    return { failure: 'st.experimental_set_query_params() takes keyword arguments only; replace this call by hand '
      + 'with st.query_params.from_dict(...)' };
  }
  if (args.keywords.size > 0 && isInsideFString(call)) {
    // Python 3.11 does not allow the f-string's own quote inside its braces: no string keys there.
    return { failure: 'st.experimental_set_query_params() is called inside an f-string; replace it by hand with '
      + 'st.query_params.from_dict(...)' };
  }
  const members = ['query_params'];
  if (args.all.length === 0) {
    return { members, edits: (reference) => [reference.rename('query_params', '.clear')], notes: [] };
  }
  if (args.all.length === 1 && args.splats.length === 1) {
    const splat = args.splats[0];
    const stars = splat.child(0)!;
    return {
      members,
      edits: (reference) => [reference.rename('query_params', '.from_dict'), { start: stars.startIndex, end: stars.endIndex, text: '' }],
      notes: [],
    };
  }
  const open = args.list.child(0)!;
  const close = args.list.child(args.list.childCount - 1)!;
  return {
    members,
    edits: (reference) => [
      reference.rename('query_params', '.from_dict'),
      { start: open.endIndex, end: open.endIndex, text: '{' },
      { start: close.startIndex, end: close.startIndex, text: '}' },
      ...[...args.keywords.values()].map((keyword) => ({
        start: keyword.startIndex,
        end: keywordValue(keyword)!.startIndex,
        text: `${context.quote(keyword.childForFieldName('name')!.text)}: `,
      })),
    ],
    notes: [],
  };
}

/**
 * The legacy `st.cache`. Since Streamlit 1.36 `st.cache` is a thin alias that calls
 * `st.cache_resource(func, show_spinner, hash_funcs, max_entries, ttl)` when
 * `allow_output_mutation=True`, and `st.cache_data(func, persist, show_spinner, hash_funcs,
 * max_entries, ttl)` otherwise, dropping `suppress_st_warning` (streamlit/streamlit#8737,
 * lib/streamlit/runtime/caching/legacy_cache_api.py). The rewrite spells out exactly that call.
 */
function planCache(context: Context, node: SyntaxNode): UsePlan | Failure {
  const parent = node.parent!;
  if (parent.type === 'decorator') {
    return { members: ['cache_data'], edits: (reference) => [reference.rename('cache_data')], notes: [picklingNote(node)] };
  }
  const call = calleeOf(node);
  const args = call && callArguments(call);
  if (!call || !args) return { failure: 'st.cache is used here in a way stcodemod cannot convert; use st.cache_data or st.cache_resource' };
  if (args.positional.length > 1 || args.splats.length > 0) {
    return { failure: 'st.cache() is called with positional or unpacked arguments; replace it by hand with st.cache_data or st.cache_resource' };
  }
  const unknown = [...args.keywords.keys()].filter((name) => !KEPT_CACHE_ARGUMENTS.has(name)
    && !['allow_output_mutation', 'suppress_st_warning', 'persist'].includes(name));
  if (unknown.length > 0) return { failure: `st.cache() has arguments stcodemod does not know (${unknown.join(', ')}); convert it by hand` };
  const mutation = args.keywords.get('allow_output_mutation');
  const mutable = mutation ? booleanLiteral(keywordValue(mutation)) : false;
  if (mutable === undefined) {
    return { failure: 'st.cache(allow_output_mutation=...) is not a literal True or False; choose st.cache_resource '
      + '(True) or st.cache_data (False) by hand' };
  }
  const suppress = args.keywords.get('suppress_st_warning');
  if (suppress && !isSimpleValue(keywordValue(suppress))) {
    return { failure: 'st.cache(suppress_st_warning=...) is computed; convert this call by hand' };
  }
  const member = mutable ? 'cache_resource' : 'cache_data';
  const removed = [mutation, suppress].filter((argument): argument is SyntaxNode => argument !== undefined);
  const notes: Note[] = [];
  const persist = args.keywords.get('persist');
  if (mutable && persist) {
    removed.push(persist);
    notes.push({
      kind: 'warning',
      node: persist,
      finding: {
        code: 'persist-dropped',
        message: 'st.cache(allow_output_mutation=True) became st.cache_resource, which cannot persist to disk; '
          + 'persist was dropped (Streamlit 1.36+ already ignored it here)',
      },
    });
  }
  if (!mutable) notes.push(picklingNote(call));
  return { members: [member], edits: (reference) => [reference.rename(member), ...removals(context, call, args, removed)], notes };
}

function picklingNote(node: SyntaxNode): Note {
  return {
    kind: 'manual',
    node,
    finding: {
      code: 'cache-data-copies',
      message: 'st.cache became st.cache_data, which pickles the return value and hands out a copy (Streamlit 1.36+ '
        + 'already did so here); if this function returns a Snowpark DataFrame, a session, a connection or a model, '
        + 'use st.cache_resource instead',
    },
  };
}

function isSimpleValue(node: SyntaxNode | undefined): boolean {
  return node !== undefined && ['true', 'false', 'none', 'identifier', 'integer'].includes(node.type);
}

/** The edits that remove some keyword arguments; a decorator left without any loses its parentheses. */
function removals(context: Context, call: SyntaxNode, args: CallArguments, removed: SyntaxNode[]): Edit[] {
  if (removed.length === 0) return [];
  if (call.parent?.type === 'decorator' && onlyArgumentsAmong(args, removed)) {
    return [{ start: args.list.startIndex, end: args.list.endIndex, text: '' }];
  }
  return removed.map((argument) => ({ ...argumentRemovalRange(context.module, args, argument), text: '' }));
}

/**
 * `experimental_allow_widgets` was deprecated in 1.36, ignored from 1.38 (widget replay removed,
 * streamlit/streamlit#9305) and removed in 1.49 (#12167), where passing it raises a TypeError.
 */
function dropAllowWidgets(context: Context): void {
  for (const call of context.callsWithKeyword('experimental_allow_widgets')) {
    const args = callArguments(call);
    const argument = args?.keywords.get('experimental_allow_widgets');
    if (!args || !argument) continue;
    const qualified = context.qualifier.qualify(call.childForFieldName('function')!);
    const match = qualified?.certain && /^streamlit\.(\w+)$/.exec(qualified.target);
    if (!match || !CACHE_DECORATORS.has(match[1])) continue;
    context.edits.add(...removals(context, call, args, [argument]));
    if (booleanLiteral(keywordValue(argument)) !== false) {
      context.report.manualAt(call, {
        code: 'widget-replay-removed',
        message: 'experimental_allow_widgets was removed (Streamlit 1.49): widgets inside this cached function are no '
          + 'longer replayed on a cache hit; move them out of the function (st.fragment can rerun just that part)',
      });
    }
  }
}
