/**
 * Finds what a module does with `_snowflake`: its import bindings, grouped by the scope they bind
 * in, and every reference to them, classified by what the transform can do with it.
 */
import { collectImports, ImportBinding } from '../../src/python/imports';
import { PythonModule } from '../../src/python/module';
import { SyntaxNode } from '../../src/python/parser';
import { enclosingFunction, isBindingSite, isNameReference, stringLiteralValue } from '../../src/python/syntax';
import { API_FUNCTION, PROCEDURE_KINDS, ProcedureKind } from './generated';

export const MODULE = '_snowflake';

/** Secret readers whose value `st.secrets[name]` gives on the container runtime (facts, section 2). */
export const ST_SECRET_FUNCTIONS = new Set(['get_generic_secret_string', 'get_username_password']);

export type Use =
  /** `get_generic_secret_string(name)` / `get_username_password(name)` becomes `st.secrets[name]`. */
  | { kind: 'secret'; node: SyntaxNode; call: SyntaxNode; function: string; argument: SyntaxNode; name?: string }
  /** A secret read that goes through a generated stored procedure. */
  | { kind: 'procedure'; node: SyntaxNode; call: SyntaxNode; procedure: ProcedureKind; argument: SyntaxNode; name?: string }
  /** `send_snow_api_request`, by attribute or by imported name: served by the helper module. */
  | { kind: 'api'; node: SyntaxNode }
  /** `_snowflake is None`, `if _snowflake:` or `_snowflake = None`: a test of whether it exists. */
  | { kind: 'availability'; node: SyntaxNode; binding: boolean }
  /** Anything else: reported, and the import it needs stays. */
  | { kind: 'unknown'; node: SyntaxNode; message: string }
  /** A call whose argument holds another use: left for the next pass, once the inner one is rewritten. */
  | { kind: 'deferred'; node: SyntaxNode };

/** The import bindings of one name in one scope (a function, or the module), and their uses. */
export interface BindingGroup {
  /** The function the imports run in; undefined for module level. */
  scope?: SyntaxNode;
  bound: string;
  /** The `_snowflake` function a from-import binds; undefined for `import _snowflake [as x]`. */
  imported?: string;
  bindings: ImportBinding[];
  uses: Use[];
}

export interface ModuleAnalysis {
  groups: BindingGroup[];
  /** References that no import of this module explains (reported, never rewritten). */
  stray: Use[];
}

/**
 * True unless the text cannot hold anything `analyzeModule` finds. Each of those spells
 * `_snowflake` as a token of its own: an import of it, an identifier, or a string literal that is
 * exactly `_snowflake`. A letter or `_` just before it, or a letter, digit or `_` just after it,
 * makes it part of a longer identifier (`get_snowflake_session`), so such a text is skipped;
 * anything else, however odd, counts as a mention and is analysed.
 */
export function mentionsModule(text: string): boolean {
  return /(?<![A-Za-z_])_snowflake(?![A-Za-z0-9_])/.test(text);
}

export function analyzeModule(module: PythonModule): ModuleAnalysis {
  const groups = groupBindings(collectImports(module).filter((binding) => binding.module === MODULE));
  const stray: Use[] = [];
  const bound = new Set(groups.map((group) => group.bound));
  for (const identifier of candidateIdentifiers(module, bound)) {
    if (!isNameReference(identifier)) continue;
    if (!bound.has(identifier.text)) {
      if (identifier.text === MODULE) stray.push(unboundUse(identifier));
      continue;
    }
    const group = resolve(groups, identifier);
    if (!group) {
      if (identifier.text === MODULE) stray.push(unboundUse(identifier));
      continue;
    }
    group.uses.push(classify(group, identifier));
  }
  markNestedCalls(groups);
  for (const call of dynamicImports(module)) {
    stray.push({ kind: 'unknown', node: call, message: `${MODULE} is imported dynamically here; replace its uses by hand` });
  }
  return { groups, stray };
}

/**
 * The identifiers spelled like `_snowflake` or a name its imports bind, in source order: the only
 * ones the analysis classifies. Found from the text, not by visiting every identifier of the tree.
 */
function candidateIdentifiers(module: PythonModule, bound: Set<string>): SyntaxNode[] {
  // `from _snowflake import *` binds '*', which no identifier is spelled as.
  const names = [...new Set([MODULE, ...bound])].filter((name) => name !== '*');
  return names.flatMap((name) => module.identifiersNamed(name)).sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * A rewritten call replaces its whole text, so a call whose argument holds another `_snowflake`
 * use (`get_generic_secret_string(get_secret_type("a"))`) waits: the runner repeats its passes
 * until nothing changes, and the next pass finds the inner use rewritten.
 */
function markNestedCalls(groups: BindingGroup[]): void {
  const all = groups.flatMap((group) => group.uses);
  for (const group of groups) {
    group.uses = group.uses.map((use) => {
      if (use.kind !== 'secret' && use.kind !== 'procedure') return use;
      const { argument } = use;
      const nested = all.some((other) => other !== use && argument.startIndex <= other.node.startIndex
        && other.node.endIndex <= argument.endIndex);
      if (!nested) return use;
      return { kind: 'deferred', node: use.call };
    });
  }
}

function groupBindings(bindings: ImportBinding[]): BindingGroup[] {
  const groups: BindingGroup[] = [];
  for (const binding of bindings) {
    const scope = enclosingFunction(binding.statement);
    let group = groups.find((g) => g.scope?.id === scope?.id && g.bound === binding.bound);
    if (!group) {
      group = { scope, bound: binding.bound, imported: binding.name, bindings: [], uses: [] };
      groups.push(group);
    }
    group.bindings.push(binding);
  }
  return groups;
}

/** The group a name refers to: the innermost enclosing function that imports it, else module level. */
function resolve(groups: BindingGroup[], identifier: SyntaxNode): BindingGroup | undefined {
  for (let scope = enclosingFunction(identifier); scope; scope = enclosingFunction(scope)) {
    const local = groups.find((group) => group.scope?.id === scope!.id && group.bound === identifier.text);
    if (local) return local;
  }
  return groups.find((group) => group.scope === undefined && group.bound === identifier.text);
}

function unboundUse(identifier: SyntaxNode): Use {
  return {
    kind: 'unknown',
    node: identifier,
    message: `${MODULE} is used here without an import stcodemod can follow; it does not exist on the container runtime: `
      + 'replace this use by hand',
  };
}

function classify(group: BindingGroup, identifier: SyntaxNode): Use {
  if (group.imported === '*') {
    return { kind: 'unknown', node: identifier, message: `from ${MODULE} import * cannot be followed; replace it by hand` };
  }
  if (isBindingSite(identifier)) {
    const assignment = identifier.parent!;
    const isNone = assignment.type === 'assignment' && assignment.childForFieldName('right')?.type === 'none';
    if (isNone) return { kind: 'availability', node: identifier, binding: true };
    return { kind: 'unknown', node: identifier, message: `${identifier.text} is rebound here; replace its uses by hand` };
  }
  if (group.imported === undefined) return classifyModuleReference(identifier);
  return classifyFunctionReference(group.imported, identifier, identifier);
}

/** A reference to the module itself: `_snowflake.<function>` or the bare module. */
function classifyModuleReference(identifier: SyntaxNode): Use {
  const parent = identifier.parent!;
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === identifier.id) {
    const attribute = parent.childForFieldName('attribute')!.text;
    if (attribute === API_FUNCTION) return { kind: 'api', node: identifier };
    if (ST_SECRET_FUNCTIONS.has(attribute) || procedureKind(attribute)) {
      return classifyFunctionReference(attribute, identifier, parent);
    }
    return {
      kind: 'unknown',
      node: parent,
      message: `${MODULE}.${attribute} has no container-runtime replacement that stcodemod knows; `
        + `replace it by hand (the ${MODULE} import stays until then)`,
    };
  }
  if (isAvailabilityTest(identifier)) return { kind: 'availability', node: identifier, binding: false };
  return {
    kind: 'unknown',
    node: identifier,
    message: `${MODULE} is used here as a value; it does not exist on the container runtime: replace this use by hand`,
  };
}

/** A reference to one `_snowflake` function; `expression` is what names it (`f` or `_snowflake.f`). */
function classifyFunctionReference(name: string, identifier: SyntaxNode, expression: SyntaxNode): Use {
  if (name === API_FUNCTION) return { kind: 'api', node: identifier };
  const procedure = procedureKind(name);
  if (!ST_SECRET_FUNCTIONS.has(name) && !procedure) {
    return {
      kind: 'unknown',
      node: identifier,
      message: `${MODULE}.${name} has no container-runtime replacement that stcodemod knows; replace it by hand`,
    };
  }
  const call = expression.parent;
  const argument = call?.type === 'call' && call.childForFieldName('function')?.id === expression.id
    ? singlePositionalArgument(call)
    : undefined;
  if (!call || !argument) {
    return {
      kind: 'unknown',
      node: expression,
      message: `${MODULE}.${name} is used here other than as a call with one secret name; replace it by hand`,
    };
  }
  const secretName = stringLiteralValue(argument);
  if (procedure) return { kind: 'procedure', node: identifier, call, procedure, argument, name: secretName };
  return { kind: 'secret', node: identifier, call, function: name, argument, name: secretName };
}

export function procedureKind(name: string): ProcedureKind | undefined {
  return PROCEDURE_KINDS.find((kind) => kind.function === name);
}

function singlePositionalArgument(call: SyntaxNode): SyntaxNode | undefined {
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return undefined;
  const named = args.namedChildren.filter((child) => child.type !== 'comment');
  if (named.length !== 1) return undefined;
  const [argument] = named;
  const special = ['keyword_argument', 'list_splat', 'dictionary_splat', 'parenthesized_list_splat'];
  return special.includes(argument.type) ? undefined : argument;
}

/** `x is None`, `x is not None`, `x == None`, `if x:`, `not x`, `x and ...`: tests of existence. */
function isAvailabilityTest(identifier: SyntaxNode): boolean {
  const parent = identifier.parent!;
  switch (parent.type) {
    case 'comparison_operator': {
      const operands = parent.namedChildren;
      return operands.length === 2 && operands.some((operand) => operand.type === 'none');
    }
    case 'not_operator':
    case 'boolean_operator':
      return true;
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
      return parent.childForFieldName('condition')?.id === identifier.id;
    case 'conditional_expression':
      return parent.namedChildren[1]?.id === identifier.id;
    default:
      return false;
  }
}

/** `importlib.import_module("_snowflake")` and `__import__("_snowflake")`. */
function dynamicImports(module: PythonModule): SyntaxNode[] {
  // The callee's text, which names one of the two, is part of the module's text.
  if (!module.text.includes('import_module') && !module.text.includes('__import__')) return [];
  return module.nodesOfType('call').filter((call) => {
    const callee = call.childForFieldName('function')?.text ?? '';
    if (!/(^|\.)(import_module|__import__)$/.test(callee)) return false;
    const first = call.childForFieldName('arguments')?.namedChildren[0];
    return first !== undefined && stringLiteralValue(first) === MODULE;
  });
}

/** What the transform does with one group's imports. */
export type GroupDecision =
  /** Nothing the transform cannot replace uses it: the import goes. */
  | 'remove'
  /** Only API calls (and existence tests) remain: the import now names the helper module. */
  | 'helper'
  /** A use stays as it is: the import stays too. */
  | 'keep';

export function decide(group: BindingGroup): GroupDecision {
  if (group.uses.some((use) => use.kind === 'unknown' || use.kind === 'deferred')) return 'keep';
  if (group.uses.some((use) => use.kind === 'api')) return 'helper';
  // A test of whether _snowflake exists can only be kept meaningful by keeping the import.
  if (group.uses.some((use) => use.kind === 'availability' && !use.binding)) return 'keep';
  return 'remove';
}
