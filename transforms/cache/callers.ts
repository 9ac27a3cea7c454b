/**
 * Keyword call sites in other modules. When the cache transform renames `session` to `_session`
 * in a function another page imports, a call `load(session=s)` there would raise TypeError. This
 * finds such calls across the project (through `from mod import f` and `import mod`) and renames
 * the keyword. It only touches a keyword the cached function cannot accept any more: the function
 * takes `_name`, not `name`, and no `**kwargs`.
 */
import * as posix from 'node:path/posix';
import { inventoryOf, StreamlitApp } from '../../src/inventory';
import { resolveModule } from '../../src/python/module-paths';
import { Project } from '../../src/project';
import { collectImports } from '../../src/python/imports';
import { commitPythonModule, freeParsedTrees, openPythonModule } from '../../src/python/files';
import { PythonModule } from '../../src/python/module';
import { Scopes } from '../../src/python/scope';
import { PythonReporter, Reporter } from '../../src/transform';
import { ModuleFacts, parameterList } from './facts';

/** Parameters a cached function takes only with a leading underscore, by function name. */
type Renamed = Map<string, Set<string>>;

const CACHE_MEMBERS = new Set(['cache_data', 'cache_resource']);

export async function fixKeywordCallers(project: Project, report: Reporter, transform: string, annotate: boolean)
  : Promise<void> {
  // A text scan first: most projects have no keyword call of a cached function to fix, and
  // parsing every file on every pass to find that out would cost more than the rest of the run.
  const inventory = inventoryOf(project);
  const declared = new Map<string, Renamed>();
  for (const path of project.paths()) {
    if (!path.endsWith('.py') || !inventory.visitsPython(path)) continue;
    const text = project.peekText(path);
    const renamed = text && text.includes('cache') ? declaredRenames(text) : undefined;
    if (renamed && renamed.size > 0) declared.set(path, renamed);
  }
  if (declared.size === 0) return;
  const mayCall = callPatterns(declared);
  const callers = project.paths().filter((path) => {
    if (!path.endsWith('.py') || declared.has(path) || !inventory.visitsPython(path)) return false;
    const text = project.peekText(path);
    return text !== undefined && mayCall(text);
  });
  if (callers.length === 0) return;
  const definitions = new Map<string, Renamed>();
  for (const path of declared.keys()) {
    await freeParsedTrees();
    const module = openPythonModule(project, path);
    const renamed = module && renamedParameters(module);
    if (renamed && renamed.size > 0) definitions.set(path, renamed);
  }
  for (const path of callers) {
    await freeParsedTrees();
    const module = openPythonModule(project, path);
    if (!module) continue;
    renameKeywords(project, module, inventory.appOf(path), definitions, report.forModule(module, annotate));
    commitPythonModule(project, module, transform, []);
  }
}

/** What a text scan suggests: decorated functions taking `_name` but not `name`. */
function declaredRenames(text: string): Renamed {
  const renamed: Renamed = new Map();
  for (const match of text.matchAll(/@[^\n]*cache[^\n]*\n(?:[ \t]*@[^\n]*\n)*[ \t]*def\s+(\w+)\s*\(([^)]*)\)/g)) {
    const names = new Set(match[2].match(/\b\w+(?=\s*(?:[:=,)]|$))/g) ?? []);
    const bare = [...names].filter((name) => /^_[A-Za-z]/.test(name) && !names.has(name.slice(1))).map((n) => n.slice(1));
    if (bare.length > 0) renamed.set(match[1], new Set(bare));
  }
  return renamed;
}

function renamedParameters(module: PythonModule): Renamed {
  const facts = new ModuleFacts(module);
  const renamed: Renamed = new Map();
  for (const statement of module.root.namedChildren) {
    if (statement.type !== 'decorated_definition') continue;
    const definition = statement.childForFieldName('definition');
    if (definition?.type !== 'function_definition') continue;
    const cached = statement.namedChildren.some((decorator) => {
      if (decorator.type !== 'decorator') return false;
      let expression = decorator.firstNamedChild;
      if (expression?.type === 'call') expression = expression.childForFieldName('function');
      const member = expression ? facts.streamlitMember(expression) : undefined;
      return member !== undefined && CACHE_MEMBERS.has(member);
    });
    if (!cached) continue;
    const parameters = parameterList(definition);
    const keywordSplat = parameters.some((p) => p.splat && p.identifier.parent?.type === 'dictionary_splat_pattern');
    if (keywordSplat) continue;
    const names = new Set(parameters.map((parameter) => parameter.identifier.text));
    const bare = [...names].filter((name) => /^_[A-Za-z]/.test(name) && !names.has(name.slice(1))).map((name) => name.slice(1));
    if (bare.length > 0) renamed.set(definition.childForFieldName('name')!.text, new Set(bare));
  }
  return renamed;
}

/**
 * What a text scan suggests: the text names one of the renamed functions and passes one of the
 * renamed parameters by keyword. One pattern for all declared functions keeps the scan linear in
 * the number of files.
 */
function callPatterns(declared: Map<string, Renamed>): (text: string) => boolean {
  const functions = new Set<string>();
  const parameters = new Set<string>();
  for (const renamed of declared.values()) {
    for (const [name, names] of renamed) {
      functions.add(name);
      names.forEach((parameter) => parameters.add(parameter));
    }
  }
  const call = new RegExp(`\\b(?:${[...functions].join('|')})\\b`);
  const keyword = new RegExp(`\\b(?:${[...parameters].join('|')})\\s*=`);
  return (text) => call.test(text) && keyword.test(text);
}

function renameKeywords(project: Project, module: PythonModule, app: StreamlitApp | undefined,
  definitions: Map<string, Renamed>, report: PythonReporter): void {
  const scopes = new Scopes(module);
  /** Local name (or `alias.name`) -> the renamed parameters of the function it calls. */
  const callable = new Map<string, { function: string; parameters: Set<string> }>();
  for (const binding of collectImports(module)) {
    if (!binding.moduleLevel || binding.bound === '*') continue;
    let moduleName = binding.module;
    let prefix = binding.item.type === 'aliased_import' ? binding.bound : binding.module;
    if (binding.name !== undefined) {
      const target = resolveModule((path) => project.has(path), module.path, app, binding.module);
      const parameters = target && definitions.get(target)?.get(binding.name);
      if (parameters) {
        callable.set(binding.bound, { function: binding.name, parameters });
        continue;
      }
      // `from common import queries`: a module, called through as `queries.load(...)`.
      moduleName = binding.module.endsWith('.') ? `${binding.module}${binding.name}` : `${binding.module}.${binding.name}`;
      prefix = binding.bound;
    }
    const target = resolveModule((path) => project.has(path), module.path, app, moduleName);
    const renamed = target ? definitions.get(target) : undefined;
    for (const [name, parameters] of renamed ?? []) callable.set(`${prefix}.${name}`, { function: name, parameters });
  }
  if (callable.size === 0) return;
  for (const call of module.nodesOfType('call')) {
    const callee = call.childForFieldName('function')!;
    const entry = callable.get(callee.text.replace(/\s+/g, ''));
    if (!entry) continue;
    let head = callee;
    while (head.type === 'attribute') head = head.childForFieldName('object')!;
    if (scopes.resolve(head)?.type !== 'module') continue; // shadowed by a local name
    for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
      if (argument.type !== 'keyword_argument') continue;
      const keyword = argument.childForFieldName('name')!;
      if (!entry.parameters.has(keyword.text)) continue;
      module.edit.replace(keyword.startIndex, keyword.endIndex, `_${keyword.text}`);
      report.infoAt(call, {
        code: 'renamed-keyword',
        message: `renamed the keyword ${keyword.text}= to _${keyword.text}= in this call of ${entry.function}(), whose `
          + `parameter is now _${keyword.text} so that st.cache_data does not try to hash it`,
      });
    }
  }
}
