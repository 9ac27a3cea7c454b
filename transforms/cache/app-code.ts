/**
 * The Python code of one app as the cache transform weighs it: its modules (parsed when first
 * asked for, and kept until the app is done), what their imports resolve to, which of them
 * Streamlit runs as `__main__` (the entry file and the pages), and the functions and names one
 * module takes from another.
 */
import * as posix from 'node:path/posix';
import { entryFolder, folderOf, isInside } from '../../src/app-layout';
import { inventoryOf, StreamlitApp } from '../../src/inventory';
import { Project } from '../../src/project';
import { openPythonModule } from '../../src/python/files';
import { ImportBinding } from '../../src/python/imports';
import { resolveModule } from '../../src/python/module-paths';
import { PythonModule } from '../../src/python/module';
import { SyntaxNode } from '../../src/python/parser';
import { importsOf } from '../../src/python/scope';
import { stringLiteralValue } from '../../src/python/syntax';
import { Decider } from './decide';
import { Effects, EffectsAnalyzer, LinkedFunction } from './effects';
import { ModuleFacts } from './facts';

/** The Python files of one app (or of the code under no app). */
export interface AppGroup {
  app?: StreamlitApp;
  /** Its source root ('' for the target). */
  root: string;
  /**
   * The Python files under the app's root that run with it: what it may change is weighed from all
   * of them (UDF and procedure handlers, tests, notebooks and generated copies do not run in the app).
   */
  paths: string[];
  /** The files this run may cache in and edit: the app's own code, in an app the run migrates. */
  visits: (path: string) => boolean;
}

/** Code the inventory sets apart that never runs in the Streamlit app (a library or a mixed module may). */
const NOT_RUN_BY_THE_APP = new Set(['handler', 'test', 'notebook', 'generated']);

/**
 * The Python files of each app of the inventory: a file belongs to the app with the deepest source
 * root that holds it, as the inventory found the apps when the run started. Files under no app
 * form one group of their own.
 */
export function appGroups(project: Project): AppGroup[] {
  const inventory = inventoryOf(project);
  const visits = (path: string) => inventory.visitsPython(path);
  const groups = new Map<StreamlitApp | undefined, AppGroup>();
  for (const path of project.paths()) {
    if (!path.endsWith('.py') || NOT_RUN_BY_THE_APP.has(inventory.notAppCode(path)?.kind ?? '')) continue;
    const app = inventory.appOf(path);
    let group = groups.get(app);
    if (!group) {
      group = { ...(app ? { app } : {}), root: app?.root ?? '', paths: [], visits };
      groups.set(app, group);
    }
    group.paths.push(path);
  }
  return [...groups.values()].filter((group) => group.paths.some(visits));
}

/** One module of the app, with the analyses the cache transform runs on it. */
export interface AppModule {
  path: string;
  module: PythonModule;
  facts: ModuleFacts;
  analyzer: EffectsAnalyzer;
  decider: Decider;
  /** Run by Streamlit as `__main__`: the entry file, a page, or a file no module of the app imports. */
  script: boolean;
}

/**
 * One look at each Python file's text, for the whole pass of the hook: the words of its import
 * statements (which modules of an app other modules import, so they are not pages, and which files
 * outside an app may call into it), and whether the text can hold anything the cache transform
 * weighs (the files it parses).
 */
export class ImportIndex {
  private byWord?: Map<string, string[]>;
  private readonly byPath = new Map<string, { words: Set<string>; relevant: boolean }>();

  constructor(private readonly project: Project, private readonly isRelevant: (text: string) => boolean) {}

  /** The Python files whose import statements name `word` (a module's stem, a package, a name). */
  importersOf(word: string): string[] {
    if (!this.byWord) {
      this.byWord = new Map();
      for (const path of this.project.paths()) {
        if (!path.endsWith('.py')) continue;
        for (const found of this.wordsOf(path)) {
          const paths = this.byWord.get(found);
          if (paths) paths.push(path);
          else this.byWord.set(found, [path]);
        }
      }
    }
    return this.byWord.get(word) ?? [];
  }

  /** The words of a file's import statements (`.` among them for a relative import). */
  wordsOf(path: string): Set<string> {
    return this.scan(path).words;
  }

  /** True when the file's text may hold a Snowflake read or write, or a cache decorator. */
  relevant(path: string): boolean {
    return this.scan(path).relevant;
  }

  private scan(path: string): { words: Set<string>; relevant: boolean } {
    let scanned = this.byPath.get(path);
    if (!scanned) {
      const text = this.project.peekText(path);
      scanned = text === undefined ? { words: new Set(), relevant: false }
        : { words: importWords(text), relevant: this.isRelevant(text) };
      this.byPath.set(path, scanned);
    }
    return scanned;
  }
}

const IMPORT_LINE = /^[ \t]*(?:from[ \t]+[.\w]+[ \t]+import\b[^\n]*(?:\([^)]*\))?|import[ \t][^\n]*)/gm;

/** The words of a text's import statements: what modules and names it may import. */
export function importWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const match of text.matchAll(IMPORT_LINE)) {
    for (const word of match[0].match(/[\p{L}_][\p{L}\p{N}_]*/gu) ?? []) words.add(word);
    if (/^\s*from\s+\./.test(match[0])) words.add('.');
  }
  return words;
}

export class AppCode {
  private readonly modules = new Map<string, AppModule | null>();
  private readonly paths: Set<string>;
  /** Modules that could not be read or parsed: their effects are unknown. */
  readonly unreadable: string[] = [];
  private readonly topNames: Set<string>;
  private readonly requalified = new Map<string, string>();
  private readonly texts = new Map<string, string | undefined>();
  private importing?: string[];

  constructor(readonly project: Project, readonly group: AppGroup, readonly imports: ImportIndex) {
    this.paths = new Set(group.paths);
    // Every module stem and folder name of the app: an import whose first part is none of them is a library's.
    this.topNames = new Set(group.paths.flatMap((path) => [moduleStem(path), ...folderOf(path).split('/')])
      .filter((name) => name !== ''));
  }

  /** The app's Python files. */
  get files(): string[] {
    return this.group.paths;
  }

  has(path: string): boolean {
    return this.paths.has(path);
  }

  /** The app's files that import one of its modules: the only ones that can call its functions. */
  importingFiles(): string[] {
    this.importing ??= this.group.paths.filter((path) => [...this.imports.wordsOf(path)]
      .some((word) => word === '.' || this.topNames.has(word)));
    return this.importing;
  }

  /** A file's current text, read once for the app (undefined when it cannot be read). */
  text(path: string): string | undefined {
    if (!this.texts.has(path)) this.texts.set(path, this.project.peekText(path));
    return this.texts.get(path);
  }

  /** A module of the app, parsed on first use; undefined when it cannot be read or parsed. */
  module(path: string): AppModule | undefined {
    const known = this.modules.get(path);
    if (known !== undefined) return known ?? undefined;
    const module = this.paths.has(path) ? openPythonModule(this.project, path) : undefined;
    if (!module) {
      this.modules.set(path, null);
      if (this.paths.has(path)) this.unreadable.push(path);
      return undefined;
    }
    const facts = new ModuleFacts(module);
    facts.links = {
      requalify: (qualified) => this.requalify(path, qualified, 0),
      importedString: (binding) => this.importedString(path, binding),
    };
    const analyzer = new EffectsAnalyzer(facts);
    const decider = new Decider(facts, analyzer);
    analyzer.links = { importedFunction: (_, callee) => this.importedFunction(path, facts, callee) };
    const entry: AppModule = { path, module, facts, analyzer, decider, script: this.isScript(path) };
    this.modules.set(path, entry);
    return entry;
  }

  /** The modules parsed so far. */
  parsed(): AppModule[] {
    return [...this.modules.values()].filter((entry): entry is AppModule => entry !== null);
  }

  /**
   * The project file a module name means from `fromPath`: relative imports from the importing
   * file's package; absolute ones from the app's entry-file folder (Streamlit puts it on sys.path),
   * the app root, the importing file's folder, then the target root.
   */
  resolve(fromPath: string, name: string): string | undefined {
    return resolveModule((path) => this.project.has(path), fromPath, this.group.app, name);
  }

  /** True when an import of `name` from `fromPath` means code of the app that could not be found. */
  isUnresolvedAppImport(fromPath: string, name: string): boolean {
    return name.startsWith('.') || this.topNames.has(name.split('.')[0]);
  }

  /** The stem other code imports the module at `path` by (`queries` for common/queries.py). */
  stem(path: string): string {
    return moduleStem(path);
  }

  /**
   * Streamlit runs the entry file and the pages as `__main__`, whatever their file names; a
   * module that no other module of the app imports is taken for one too (the safe guess).
   */
  private isScript(path: string): boolean {
    const app = this.group.app;
    if (app?.mainFile === path) return true;
    if (app?.pagesDir !== undefined && isInside(path, app.pagesDir)) return true;
    if (posix.basename(folderOf(path)) === 'pages' && isInside(path, entryFolder(app ?? { root: this.group.root }))) return true;
    const importedBy = (word: string) => this.imports.importersOf(word).some((other) => other !== path && this.has(other));
    return !importedBy(this.stem(path)) && !importedBy(posix.basename(path, '.py'));
  }

  /**
   * `appPages.page.st.session_state` read in `fromPath`, where appPages/page.py got `st` by
   * `import streamlit as st`, is `streamlit.session_state`: names modules of the app re-export
   * stand for what they were imported as.
   */
  private requalify(fromPath: string, qualified: string, depth: number): string {
    const dots = qualified.match(/^\.*/)![0];
    const parts = qualified.slice(dots.length).split('.');
    if (depth > 4 || (dots === '' && !this.topNames.has(parts[0]))) return qualified;
    const key = `${fromPath}\u0000${qualified}`;
    const known = this.requalified.get(key);
    if (known !== undefined) return known;
    let result = qualified;
    for (let split = parts.length - 1; split >= (dots ? 0 : 1); split--) {
      const target = this.resolve(fromPath, dots + parts.slice(0, split).join('.'));
      if (!target) continue;
      const entry = this.module(target);
      const binding = entry && importsOf(entry.module).find((candidate) => candidate.moduleLevel
        && candidate.bound === parts[split] && candidate.name !== '*');
      if (binding) result = this.requalify(target, [importedName(binding), ...parts.slice(split + 1)].join('.'), depth + 1);
      break;
    }
    this.requalified.set(key, result);
    return result;
  }

  /** `from common.tables import AUDIT` read in `fromPath`: the literal common/tables.py sets AUDIT to, if it sets it once. */
  private importedString(fromPath: string, binding: ImportBinding): string | undefined {
    if (binding.name === undefined || binding.name === '*') return undefined;
    const target = this.resolve(fromPath, binding.module);
    const entry = target ? this.module(target) : undefined;
    if (!entry) return undefined;
    const bindings = entry.facts.scopes.bindingsNamed(entry.module.root, binding.name);
    if (bindings.length !== 1) return undefined;
    const value = bindings[0].value;
    return value ? stringLiteralValue(value) : undefined;
  }

  /**
   * The function of another module of the app that a callee names (`helper` from
   * `from .utils import helper`, or `utils.helper`); 'unresolved' when it names app code this tool
   * cannot find; undefined for anything else (a builtin, a library).
   */
  private importedFunction(fromPath: string, facts: ModuleFacts, callee: SyntaxNode): LinkedFunction | 'unresolved' | undefined {
    let head = callee;
    while (head.type === 'attribute') head = head.childForFieldName('object')!;
    if (head.type !== 'identifier') return undefined;
    const bindings = facts.scopes.bindingsOf(head);
    if (bindings.length !== 1 || bindings[0].kind !== 'import') return undefined;
    const binding = bindings[0].import;
    if (!binding || binding.name === '*') return undefined;
    const trail = callee.type === 'attribute' ? (callee.text.replace(/\s+/g, '').split('.').slice(1)) : [];
    // `from X import f` + f(...), or `import X` / `from P import X` + X.f(...)
    const moduleName = binding.name !== undefined && trail.length === 0 ? binding.module
      : binding.name !== undefined ? joinModule(binding.module, binding.name) : binding.module;
    const functionName = trail.length === 0 ? binding.name! : trail[trail.length - 1];
    if (trail.length > 1 || !functionName) return undefined;
    const target = this.resolve(fromPath, moduleName);
    // `from X import value` + `value.method()`: a method of a value another module made, not a function of it.
    if (!target && binding.name !== undefined && trail.length > 0 && this.resolve(fromPath, binding.module)) return undefined;
    if (!target) return this.isUnresolvedAppImport(fromPath, moduleName) ? 'unresolved' : undefined;
    const entry = this.module(target);
    if (!entry) return 'unresolved';
    const defined = entry.facts.scopes.bindingsNamed(entry.module.root, functionName);
    const definition = defined.length === 1 && defined[0].kind === 'definition' ? defined[0].node.parent : undefined;
    if (definition?.type === 'class_definition') return undefined;
    if (definition?.type !== 'function_definition') return 'unresolved';
    return {
      analyzer: entry.analyzer,
      definition,
      label: `${this.stem(target)}.${functionName}()`,
      stateReasons: (effects: Effects) => entry.decider.stateReasons(effects),
    };
  }
}

function importedName(binding: ImportBinding): string {
  if (binding.name === undefined) return binding.item.type === 'aliased_import' ? binding.module : binding.module.split('.')[0];
  return joinModule(binding.module, binding.name);
}

function joinModule(module: string, name: string): string {
  return module.endsWith('.') ? `${module}${name}` : `${module}.${name}`;
}

/** The name a module is imported by: `queries` for common/queries.py, `common` for common/__init__.py. */
function moduleStem(path: string): string {
  const base = posix.basename(path, '.py');
  return base === '__init__' ? posix.basename(folderOf(path)) : base;
}
