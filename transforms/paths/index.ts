/**
 * # paths
 *
 * ## What it does
 * When an app's entry file is not at its source root (snowflake.yml `main_file: sub/app.py`,
 * or `--main-file`), rewrites relative path literals in file-reading calls whose target exists
 * relative to the entry file's folder but not to the root, so that they resolve from the entry
 * file's folder:
 *
 *     pd.read_csv("data.csv")  ->  pd.read_csv(Path(__file__).parent / "data.csv")
 *
 * It covers `open`, `io.open`, `pathlib.Path`, pandas' `read_csv`, `read_excel`,
 * `read_parquet` and `read_json`, and `st.image`, `st.audio`, `st.video` (given `str(...)`).
 * Files brought in with snowflake.yml `imports` are listed as files to vendor.
 *
 * ## Why
 * The container runtime runs Streamlit from the source root, so Python resolves relative paths
 * from there, while page paths (`st.Page`, `st.switch_page`, `st.page_link`, `pages/`) resolve
 * from the entry file (runtime facts, section 2). It ignores IMPORTS (section 1).
 *
 * ## Fix safety
 * Each rewrite names the same file the path named from the entry file's folder, written
 * relative to the file that holds the call; each is reported. Page paths are never touched. A
 * path that exists relative to both folders is reported, not changed. `st.download_button`
 * takes the file's contents, not a path, so its `data` is only reported.
 */
import * as posix from 'node:path/posix';
import { entryFolder, folderOf, isInside, join } from '../../src/app-layout';
import { Inventory, inventoryOf, StreamlitApp } from '../../src/inventory';
import { lookupTable } from '../../src/lookup-table';
import { Project } from '../../src/project';
import { collectImports, ImportBinding, moduleInsertionPoint } from '../../src/python/imports';
import { commitPythonModule, freeParsedTrees, openPythonModule } from '../../src/python/files';
import { PythonModule } from '../../src/python/module';
import { SyntaxNode } from '../../src/python/parser';
import { freeName } from '../../src/python/streamlit';
import { dottedName, isModuleLevel, stringLiteralValue } from '../../src/python/syntax';
import { entityOf, isVersion2, readDefinition } from '../../src/snowflake-definition';
import { Finding } from '../../src/findings';
import { PythonReporter, Reporter, Transform } from '../../src/transform';
import { seqValue } from '../../src/yaml-edit';
import { isScalar, Node } from 'yaml';

const PANDAS_READERS = lookupTable({
  read_csv: 'filepath_or_buffer',
  read_excel: 'io',
  read_parquet: 'path',
  read_json: 'path_or_buf',
});
const STREAMLIT_MEDIA = lookupTable({ image: 'image', audio: 'data', video: 'data' });

export const paths: Transform = {
  name: 'paths',
  summary: 'Make file paths resolve from the entry file\'s folder when it is not the source root',
  touches: '*.py',
  safe: false,
  flags: [{
    name: 'main-file',
    value: 'PATH',
    description: 'the entry file, relative to the target, when no snowflake.yml names it',
    check: mainFileProblem,
  }],
  async project(project, report, options) {
    const inventory = inventoryOf(project);
    const apps = withMainFile(inventory, options.flags['main-file']);
    for (const app of apps) {
      reportImports(project, app, report);
      if (!app.mainFile || entryFolder(app) === app.root) continue;
      for (const path of project.paths()) {
        if (path.endsWith('.py') && isInside(path, app.root) && inventory.appOf(path)?.root === app.root && inventory.visitsPython(path)) {
          await freeParsedTrees();
          rewriteModule(project, path, app, report);
        }
      }
    }
  },
};

/** A leading `/` means the target, as in snowflake.yml's `main_file`. */
function mainFileProblem(value: string): string | undefined {
  const normalized = posix.normalize(value.replace(/\\/g, '/').replace(/^\/+/, ''));
  if (value.trim() === '' || normalized === '.' || normalized.endsWith('/')) return 'must name a file';
  if (normalized === '..' || normalized.startsWith('../')) return 'must be a path inside the target';
  return undefined;
}

/** `--main-file` names the entry file of the app that holds it (or of the target itself). */
function withMainFile(inventory: Inventory, flag: string | undefined): StreamlitApp[] {
  const apps = inventory.appsToMigrate();
  if (!flag) return apps;
  const mainFile = posix.normalize(flag.replace(/^\/+/, '').replace(/\\/g, '/'));
  const owner = inventory.migratedAppAt(mainFile);
  if (!owner) return apps;
  return apps.map((app) => (app === owner ? { ...app, mainFile } : app));
}

function reportImports(project: Project, app: StreamlitApp, report: Reporter): void {
  if (!app.definition) return;
  const definition = readDefinition(project, app.definition);
  if (!definition || 'error' in definition || !isVersion2(definition)) return;
  const entity = entityOf(definition, app);
  const imports = entity ? seqValue(entity.map, 'imports') : undefined;
  for (const item of (imports?.items ?? []) as Node[]) {
    if (!isScalar(item)) continue;
    report.manual({
      code: 'vendor-import',
      message: `the container runtime ignores IMPORTS: copy ${String(item.value)} into the app's source folder (and its `
        + 'artifacts), then remove it from imports',
      path: definition.path,
      offset: item.range![0],
    });
  }
}

interface PathCall {
  /** The string literal to replace, or the whole `Path("...")` call. */
  target: SyntaxNode;
  literal: SyntaxNode;
  value: string;
  kind: 'path' | 'media' | 'call';
}

function rewriteModule(project: Project, path: string, app: StreamlitApp, report: Reporter): void {
  const module = openPythonModule(project, path);
  if (!module) return;
  const findings: Finding[] = [];
  // Findings go through the same commit as the edits: a dropped change drops its findings too.
  const sink = new PythonReporter('paths', (finding) => findings.push(finding), module, false);
  const imports = collectImports(module);
  const rewrites: { call: PathCall; resolved: string }[] = [];
  for (const call of pathCalls(module, imports, sink)) {
    const resolved = resolution(project, app, call.value);
    if (resolved === 'ambiguous') {
      sink.warnAt(call.literal, {
        code: 'ambiguous-path',
        message: `"${call.value}" exists both in the source root and in the entry file's folder (${entryFolder(app)}/); the `
          + 'container runtime reads the one in the source root: check that is the file you mean',
      });
    } else if (resolved) {
      rewrites.push({ call, resolved });
    }
  }
  if (rewrites.length > 0) {
    const pathName = pathReference(module, imports, rewrites.map(({ call }) => call.target));
    for (const { call, resolved } of rewrites) {
      const expression = fromFile(module, pathName.expression, call.literal, resolved);
      const text = call.kind === 'media' ? `str(${expression})` : call.kind === 'path' && needsParentheses(call.target)
        ? `(${expression})` : expression;
      module.edit.replace(call.target.startIndex, call.target.endIndex, text);
      sink.infoAt(call.literal, {
        code: 'resolved-from-entry-folder',
        message: `"${call.value}" now resolves from the entry file's folder (${entryFolder(app)}/), where it exists; the `
          + 'container runtime runs the app from the source root, where it does not',
      });
    }
    if (pathName.importStatement) module.edit.insert(pathName.importOffset!, pathName.importStatement);
  }
  commitPythonModule(project, module, 'paths', findings);
}

/** The file-reading calls of a module whose path argument is a plain string literal. */
function pathCalls(module: PythonModule, imports: ImportBinding[], report: PythonReporter): PathCall[] {
  const aliases = (moduleName: string) => imports.filter((b) => b.module === moduleName && b.name === undefined).map((b) => b.bound);
  const fromNames = (moduleName: string, names: string[]) => new Map(imports
    .filter((b) => b.module === moduleName && b.name !== undefined && names.includes(b.name)).map((b) => [b.bound, b.name!]));
  const pathNames = new Set([...fromNames('pathlib', ['Path']).keys(), ...aliases('pathlib').map((a) => `${a}.Path`)]);
  const pandas = aliases('pandas');
  const pandasFrom = fromNames('pandas', Object.keys(PANDAS_READERS));
  const streamlit = aliases('streamlit');
  const streamlitFrom = fromNames('streamlit', [...Object.keys(STREAMLIT_MEDIA), 'download_button']);
  const ioNames = new Set(aliases('io').map((a) => `${a}.open`));

  const calls: PathCall[] = [];
  for (const call of module.nodesOfType('call')) {
    const callee = dottedName(call.childForFieldName('function')!);
    if (!callee) continue;
    const [head, member] = callee.includes('.') ? [callee.slice(0, callee.lastIndexOf('.')), callee.slice(callee.lastIndexOf('.') + 1)]
      : [undefined, callee];
    let kind: PathCall['kind'] | undefined;
    let keyword: string | undefined;
    if (callee === 'open' || ioNames.has(callee)) {
      [kind, keyword] = ['call', 'file'];
    } else if (pathNames.has(callee)) {
      kind = 'path';
    } else if ((head && pandas.includes(head) && member in PANDAS_READERS) || pandasFrom.has(callee)) {
      [kind, keyword] = ['call', PANDAS_READERS[pandasFrom.get(callee) ?? member]];
    } else if ((head && streamlit.includes(head) && member in STREAMLIT_MEDIA) || (streamlitFrom.get(callee) ?? '') in STREAMLIT_MEDIA) {
      [kind, keyword] = ['media', STREAMLIT_MEDIA[streamlitFrom.get(callee) ?? member]];
    } else if ((head && streamlit.includes(head) && member === 'download_button') || streamlitFrom.get(callee) === 'download_button') {
      reportDownloadData(call, report);
      continue;
    }
    if (!kind) continue;
    const literal = pathArgument(call, keyword, kind === 'path' ? 1 : 0);
    const value = literal && stringLiteralValue(literal);
    if (!literal || value === undefined || !isRelativePath(value)) continue;
    calls.push({ target: kind === 'path' ? call : literal, literal, value, kind });
  }
  return calls;
}

/** The first positional argument, or the keyword argument of that name. */
function pathArgument(call: SyntaxNode, keyword: string | undefined, maxArguments: number): SyntaxNode | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  const named = args.namedChildren.filter((child) => child.type !== 'comment');
  if (maxArguments > 0 && named.length !== maxArguments) return undefined;
  const first = named[0];
  if (first && first.type !== 'keyword_argument' && first.type !== 'list_splat' && first.type !== 'dictionary_splat') return first;
  const byKeyword = named.find((child) => child.type === 'keyword_argument' && child.childForFieldName('name')?.text === keyword);
  return byKeyword?.childForFieldName('value') ?? undefined;
}

function reportDownloadData(call: SyntaxNode, report: PythonReporter): void {
  const named = call.childForFieldName('arguments')?.namedChildren.filter((child) => child.type !== 'comment') ?? [];
  const keyword = named.find((child) => child.type === 'keyword_argument' && child.childForFieldName('name')?.text === 'data');
  const positional = named.filter((child) => child.type !== 'keyword_argument');
  const literal = keyword?.childForFieldName('value') ?? positional[1];
  const value = literal && stringLiteralValue(literal);
  if (!literal || value === undefined || !/\.\w{1,5}$/.test(value) || /\s/.test(value)) return;
  report.warnAt(literal, {
    code: 'download-data-is-content',
    message: `st.download_button offers its data as the file's contents: this downloads the text "${value}", not that file; `
      + 'pass the file\'s bytes (open(path, "rb").read()) if you meant the file',
  });
}

function isRelativePath(value: string): boolean {
  return value !== '' && value !== '.' && !/^([/\\~@]|[A-Za-z]:|\w[\w+.-]*:\/\/)/.test(value) && !/[\r\n{}*?]/.test(value);
}

/** Where a relative path leads from the entry file's folder, when only that folder has it. */
function resolution(project: Project, app: StreamlitApp, value: string): string | 'ambiguous' | undefined {
  const fromEntry = join(entryFolder(app), value);
  const fromRoot = join(app.root, value);
  if (fromEntry.startsWith('..') || !isInside(fromEntry, app.root) || fromEntry === fromRoot) return undefined;
  const exists = (file: string) => project.has(file) || project.paths().some((p) => p.startsWith(`${file}/`));
  if (!exists(fromEntry)) return undefined;
  return exists(fromRoot) ? 'ambiguous' : fromEntry;
}

/** `Path(__file__).parent / "data.csv"`, relative to the file that holds the call. */
function fromFile(module: PythonModule, pathName: string, literal: SyntaxNode, target: string): string {
  const relative = posix.relative(folderOf(module.path), target);
  const parts = relative.split('/');
  const ups = parts.filter((part) => part === '..').length;
  const rest = parts.slice(ups).join('/');
  const base = ups === 0 ? `${pathName}(__file__).parent` : `${pathName}(__file__).parents[${ups}]`;
  if (rest === '') return base;
  const quote = literal.text.match(/^[A-Za-z]*(['"])/)?.[1] ?? '"';
  return `${base} / ${quote}${rest}${quote}`;
}

/** A `Path(...)` call replaced inside a larger expression keeps its grouping. */
function needsParentheses(call: SyntaxNode): boolean {
  const parent = call.parent;
  if (!parent) return false;
  if (parent.type === 'binary_operator') return parent.childForFieldName('left')?.id !== call.id || parent.child(1)?.type !== '/';
  return ['attribute', 'subscript', 'call', 'unary_operator', 'await'].includes(parent.type);
}

/** How to name pathlib.Path in the module, and the import to add when it has none. */
function pathReference(module: PythonModule, imports: ImportBinding[], uses: SyntaxNode[])
  : { expression: string; importStatement?: string; importOffset?: number } {
  const moduleLevel = imports.filter((binding) => binding.moduleLevel);
  const fromImport = moduleLevel.find((b) => b.module === 'pathlib' && b.name === 'Path');
  if (fromImport) return { expression: fromImport.bound };
  const moduleImport = moduleLevel.find((b) => b.module === 'pathlib' && b.name === undefined);
  if (moduleImport) return { expression: `${moduleImport.bound}.Path` };
  const name = freeName(module, 'Path');
  const firstUse = Math.min(...uses.filter((node) => isModuleLevel(node)).map((node) => topLevelStatement(node).startIndex));
  const offset = moduleInsertionPoint(module, firstUse);
  const statement = name === 'Path' ? 'from pathlib import Path' : `from pathlib import Path as ${name}`;
  const before = module.text.slice(0, offset);
  const separator = offset > 0 && !/[\r\n]$/.test(before) ? '\n' : '';
  const previousIsImport = /^(from|import)\s/m.test(before.split(/\r?\n/).filter((line) => line.trim() !== '').pop() ?? '');
  const lead = offset > 0 && !previousIsImport ? '\n' : '';
  const after = module.text.slice(offset).split(/\r?\n/)[0] ?? '';
  const tail = /^(from|import)\s/.test(after) || after.trim() === '' ? '' : '\n';
  return { expression: name, importStatement: `${separator}${lead}${statement}\n${tail}`, importOffset: offset };
}

function topLevelStatement(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.type !== 'module') current = current.parent;
  return current;
}
