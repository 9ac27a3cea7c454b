/**
 * Who calls a function of the app, across its modules: for a parameter the cache transform
 * renames (`session` -> `_session`, so that st.cache_data does not hash it), every call passing it
 * by keyword must be renamed in the same run, or it raises TypeError; and for a function that runs
 * the SQL its caller passes, the callers say what that SQL is. A use this tool cannot see through
 * (`**kwargs`, a reference passed around, a string for getattr, a `*` import, code outside the app)
 * is reported as unseen, and the caller then assumes the worst.
 */
import { SyntaxNode } from '../../src/python/parser';
import { bindingKind, importsOf } from '../../src/python/scope';
import { AppCode, AppModule } from './app-code';

export interface FunctionUse {
  module: AppModule;
  /** The identifier (or `module.name` attribute) that names the function. */
  node: SyntaxNode;
  /** The call, when the use calls the function directly. */
  call?: SyntaxNode;
}

export interface FunctionUses {
  uses: FunctionUse[];
  /** Uses this tool cannot follow, each completing "it is ...": "imported with * in pages/x.py". */
  unseen: string[];
}

export class Callers {
  private readonly memo = new Map<string, FunctionUses>();

  constructor(private readonly app: AppCode) {}

  /** Whether the run may edit a file (to rename a keyword there). */
  get visits(): (path: string) => boolean {
    return this.app.group.visits;
  }

  /** Every use of a function defined in `owner`, in the app and (as unseen) outside it. */
  usesOf(owner: AppModule, definition: SyntaxNode): FunctionUses {
    const key = `${owner.path}#${definition.startIndex}`;
    let found = this.memo.get(key);
    if (!found) {
      found = this.find(owner, definition);
      this.memo.set(key, found);
    }
    return found;
  }

  private find(owner: AppModule, definition: SyntaxNode): FunctionUses {
    const found: FunctionUses = { uses: [], unseen: [] };
    const nameNode = definition.childForFieldName('name')!;
    const name = nameNode.text;
    const scopes = owner.facts.scopes;
    const scope = scopes.scopeOf(nameNode);
    for (const reference of scopes.references(scope, name)) {
      if (reference.id === nameNode.id) continue;
      this.add(found, owner, reference);
    }
    if (scope.type !== 'module') return found;
    if (namedInString(owner.module.text, name) && /\bgetattr\s*\(|\bglobals\s*\(\s*\)\s*\[/.test(owner.module.text)) {
      found.unseen.push(`named in a string in ${owner.path}, which also uses getattr() or globals()`);
    }
    const candidates = this.app.importingFiles().filter((path) => path !== owner.path && mentionsWord(this.app.text(path) ?? '', name));
    // Modules the name can be imported from: its own, and any that imports it at module level (a package's
    // __init__.py re-exporting it, say), until no new one turns up.
    const exporters = new Set([owner.path]);
    const done = new Set<string>();
    for (let grew = true; grew;) {
      grew = false;
      for (const path of candidates) {
        if (done.has(path)) continue;
        const other = this.app.module(path);
        if (!other) {
          found.unseen.push(`named in ${path}, which this tool cannot read`);
          done.add(path);
          continue;
        }
        if (!this.importsFrom(other, exporters, name)) continue;
        done.add(path);
        this.usesIn(found, other, exporters, name);
        if (importsOf(other.module).some((binding) => binding.moduleLevel && binding.bound === name)) {
          exporters.add(path);
          grew = true;
        }
      }
    }
    for (const path of candidates) {
      const other = done.has(path) ? undefined : this.app.module(path);
      if (other && this.mayImportUnseen(other, owner.path, name)) found.unseen.push(`imported in ${path} from a module this tool cannot find`);
    }
    for (const path of this.app.imports.importersOf(this.app.stem(owner.path))) {
      if (this.app.has(path)) continue;
      if (mentionsWord(this.app.project.peekText(path) ?? '', name)) found.unseen.push(`named in ${path}, outside the app`);
    }
    return found;
  }

  /** True when a module imports the name, or the module holding it, from one of `exporters`. */
  private importsFrom(other: AppModule, exporters: Set<string>, name: string): boolean {
    return importsOf(other.module).some((binding) => {
      if (binding.name === undefined) return exporters.has(this.app.resolve(other.path, binding.module) ?? '');
      if (binding.name === name || binding.name === '*') return exporters.has(this.app.resolve(other.path, binding.module) ?? '');
      return exporters.has(this.app.resolve(other.path, joinModule(binding.module, binding.name)) ?? '');
    });
  }

  /** A module that names the function and imports from app code this tool cannot find: it may be a caller. */
  private mayImportUnseen(other: AppModule, definingPath: string, name: string): boolean {
    return importsOf(other.module).some((binding) => (binding.name === name || binding.name === '*'
      || binding.module.split('.').pop() === this.app.stem(definingPath))
      && !this.app.resolve(other.path, binding.module) && this.app.isUnresolvedAppImport(other.path, binding.module));
  }

  /** Uses in another module: through `from X import name [as y]`, `import X [as m]` + `m.name`, or `from P import X`. */
  private usesIn(found: FunctionUses, other: AppModule, exporters: Set<string>, name: string): void {
    const scopes = other.facts.scopes;
    for (const binding of importsOf(other.module)) {
      if (binding.name === '*') {
        if (exporters.has(this.app.resolve(other.path, binding.module) ?? '')) found.unseen.push(`imported with * in ${other.path}`);
        continue;
      }
      const scope = scopes.scopeOf(binding.statement);
      if (binding.name === name && exporters.has(this.app.resolve(other.path, binding.module) ?? '')) {
        for (const reference of scopes.references(scope, binding.bound)) this.add(found, other, reference);
        continue;
      }
      const moduleName = binding.name === undefined ? binding.module : joinModule(binding.module, binding.name);
      if (!exporters.has(this.app.resolve(other.path, moduleName) ?? '')) continue;
      const prefix = binding.name === undefined && binding.item.type !== 'aliased_import' ? binding.module : binding.bound;
      // It holds the module itself: `getattr(module, "name")` would reach the function unseen.
      if (namedInString(other.module.text, name)) found.unseen.push(`named in a string in ${other.path} (for getattr?)`);
      for (const identifier of other.module.identifiersNamed(name)) {
        const attribute = identifier.parent;
        if (attribute?.type !== 'attribute' || attribute.childForFieldName('attribute')?.id !== identifier.id) continue;
        const object = attribute.childForFieldName('object')!;
        if (object.text.replace(/\s+/g, '') !== prefix) continue;
        let head = object;
        while (head.type === 'attribute') head = head.childForFieldName('object')!;
        if (scopes.bindingsOf(head).some((bound) => bound.kind === 'import')) this.add(found, other, attribute);
      }
    }
  }

  private add(found: FunctionUses, module: AppModule, node: SyntaxNode): void {
    if (node.type === 'identifier') {
      if (bindingKind(node)) {
        found.unseen.push(`bound again in ${module.path}`);
        return;
      }
    }
    const parent = node.parent;
    const call = parent?.type === 'call' && parent.childForFieldName('function')?.id === node.id ? parent : undefined;
    found.uses.push({ module, node, ...(call ? { call } : {}) });
  }
}

const IDENTIFIER_CHARACTER = /[\p{ID_Continue}]/u;

/** True when `name` stands in the text as a whole word (what the tree would see as that identifier). */
function mentionsWord(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    const before = at > 0 ? text[at - 1] : '';
    const after = text[at + name.length] ?? '';
    if (!IDENTIFIER_CHARACTER.test(before) && !IDENTIFIER_CHARACTER.test(after)) return true;
  }
  return false;
}

function joinModule(module: string, name: string): string {
  return module.endsWith('.') ? `${module}${name}` : `${module}.${name}`;
}

/** `getattr(module, "name")` and the like; a name listed in `__all__` does not count. */
function namedInString(text: string, name: string): boolean {
  if (!text.includes(`"${name}"`) && !text.includes(`'${name}'`)) return false;
  const withoutAll = text.replace(/__all__\s*\+?=\s*[[(][^\])]*[\])]/g, '');
  return new RegExp(`["']${name}["']`).test(withoutAll);
}

/**
 * The keyword arguments to rename for parameters renamed with a leading underscore, at every use of
 * the function outside its own module (its own module's calls are part of its decision); or why a
 * use makes the rename unsafe. `parameters` are the names before the rename.
 */
export function keywordRenames(uses: FunctionUses, ownModule: AppModule, parameters: Set<string>,
  visits: (path: string) => boolean)
  : { keywords: { module: AppModule; keyword: SyntaxNode; call: SyntaxNode }[]; problem?: string } {
  const keywords: { module: AppModule; keyword: SyntaxNode; call: SyntaxNode }[] = [];
  if (uses.unseen.length > 0) return { keywords, problem: uses.unseen[0] };
  for (const use of uses.uses) {
    if (!use.call) return { keywords, problem: `used without being called in ${use.module.path} (passed on, perhaps as a callback)` };
    const args = use.call.childForFieldName('arguments')?.namedChildren ?? [];
    if (args.some((arg) => arg.type === 'dictionary_splat')) {
      return { keywords, problem: `called with **keyword arguments in ${use.module.path}` };
    }
    if (use.module === ownModule) continue;
    for (const arg of args) {
      const keyword = arg.type === 'keyword_argument' ? arg.childForFieldName('name') : null;
      if (!keyword || !parameters.has(keyword.text)) continue;
      if (!visits(use.module.path)) {
        return { keywords, problem: `called with ${keyword.text}= in ${use.module.path}, code this run leaves alone` };
      }
      keywords.push({ module: use.module, keyword, call: use.call });
    }
  }
  return { keywords };
}
