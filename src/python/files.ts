import { Finding } from '../findings';
import { releaseNativeTrees } from '../native-memory';
import { Project } from '../project';
import { lineAndColumn, LineEnding } from '../text-file';
import { cpython311Problem } from './cpython-syntax';
import { PythonModule } from './module';
import { firstSyntaxError, parsePython, reparsePython, Tree } from './parser';

/** How often to let V8 free the native memory of trees no one holds any more (native-memory.ts). */
const PARSES_PER_RELEASE = 50;
/**
 * Splices closer than this are told to tree-sitter as one changed region. On the 1,000-file
 * benchmark the re-parses after edits took 1.4 s this way, 1.6 s with one region per file, 2.5 s
 * with one per splice, and 2.0 s as fresh parses.
 */
const MERGE_REGIONS_WITHIN = 2000;
/**
 * Past this many changed regions a fresh parse is cheaper: each region is one \`tree.edit\`, which
 * walks every node object the binding keeps for the tree, so in a large file with edits all over
 * (a 1 MB module: 500 regions) the edits grew with the square of its size (6.8 s of 15 s).
 */
const MAX_INCREMENTAL_REGIONS = 16;
let parses = 0;
let parsesSinceFreed = 0;

/**
 * How much text (in UTF-16 units) of parsed files each project keeps the trees of. A tree costs
 * about 55 bytes of native memory per unit of its text, so 1 MiB of text keeps the trees of a
 * usual app's every file (its median file has 78 lines) at about 60 MB. Beyond it, trees are not
 * kept: the first ones stay, as later readers tend to ask for files in the order the runner
 * opened them.
 */
const KEPT_TEXT_PER_PROJECT = 1 << 20;

/** The tree last parsed for a file's text. */
interface KeptTree {
  text: string;
  eol: LineEnding;
  tree: Tree;
}

/**
 * The tree last parsed for each path of a project, for the next reader of the same text: the
 * project hooks that run after the Python stage read the files it has just parsed (the cache
 * transform reads every app file). Each reader gets a module of its own over the tree, which no
 * one changes (`reparsePython` leaves a tree as it was).
 */
class KeptTrees {
  private readonly byPath = new Map<string, KeptTree>();
  private textLength = 0;

  keep(path: string, kept: KeptTree): void {
    this.forget(path);
    if (this.textLength + kept.text.length > KEPT_TEXT_PER_PROJECT) return;
    this.byPath.set(path, kept);
    this.textLength += kept.text.length;
  }

  /** The tree of the file's text, when the last one kept for the path is of that text. */
  treeOf(path: string, text: string, eol: LineEnding): Tree | undefined {
    const kept = this.byPath.get(path);
    return kept && kept.text === text && kept.eol === eol ? kept.tree : undefined;
  }

  private forget(path: string): void {
    const kept = this.byPath.get(path);
    if (!kept) return;
    this.byPath.delete(path);
    this.textLength -= kept.text.length;
  }
}

const keptTrees = new WeakMap<Project, KeptTrees>();

/**
 * Gives back the native memory of the trees parsed so far that no one holds any more. The
 * binding frees a tree only from a finalizer, and finalizers run only when the event loop turns:
 * a synchronous loop over many files keeps every tree it parsed (about 0.5 MB each) until it
 * ends. Code that parses many files awaits this between them; it costs nothing most times.
 */
export async function freeParsedTrees(): Promise<void> {
  if (parsesSinceFreed < PARSES_PER_RELEASE) return;
  parsesSinceFreed = 0;
  releaseNativeTrees();
  await new Promise(setImmediate);
}

/**
 * A Python file of the project, parsed, for a transform to edit; undefined when it cannot be
 * read or does not parse (then reported once as skipped). Pass `tree` when the caller already
 * parsed the current text: the tree `commitPythonModule` returns, whose text it has checked.
 * The file is not parsed again when the tree last parsed for it is of its current text (`KeptTrees`).
 */
export function openPythonModule(project: Project, path: string, tree?: Tree): PythonModule | undefined {
  const source = project.read(path);
  if (!source) return undefined;
  let kept = keptTrees.get(project);
  if (!kept) keptTrees.set(project, kept = new KeptTrees());
  const known = tree ?? kept.treeOf(path, source.text, source.eol);
  const parsed = known ?? parsedTree(project, path, source.text);
  if (!parsed) return undefined;
  if (parsed !== known || tree) kept.keep(path, { text: source.text, eol: source.eol, tree: parsed });
  return new PythonModule(path, source.text, parsed, source.eol);
}

/** The tree of a file's text, or undefined when the text does not parse (then reported as skipped). */
function parsedTree(project: Project, path: string, text: string): Tree | undefined {
  if (++parses % PARSES_PER_RELEASE === 0) releaseNativeTrees();
  parsesSinceFreed++;
  const tree = parsePython(text);
  const error = syntaxProblem(text, tree);
  if (!error) return tree;
  const line = lineAndColumn(text, error.offset).line;
  project.findings.add({
    source: 'stcodemod',
    code: 'stcodemod/syntax-error',
    kind: 'error',
    message: `Python syntax error at line ${line}${error.message ? ` (${error.message})` : ''}; the file was left untouched`,
    path,
  });
  return undefined;
}

/**
 * Where the text stops being Python that the container runtime's CPython 3.11 compiles: where
 * tree-sitter found no parse (no message), or what CPython refuses although the grammar parses it.
 */
function syntaxProblem(text: string, tree: Tree): { offset: number; message?: string } | undefined {
  const error = firstSyntaxError(tree);
  if (error) return { offset: error.startIndex };
  return cpython311Problem(text, tree);
}

/**
 * Records a transform's findings for a module and commits its edits, unless the edited text no
 * longer parses: then the edits and findings are dropped and an internal error is reported.
 * Returns the tree of the file's new text (the old one when nothing changed), or undefined when
 * the change was dropped. The module's own tree is left as it was (`reparsePython`).
 */
export function commitPythonModule(project: Project, module: PythonModule, transform: string, findings: Finding[])
  : Tree | undefined {
  if (!module.edit.hasChanges) {
    findings.forEach((finding) => project.findings.add(finding));
    return module.tree;
  }
  const editedText = module.edit.toString();
  const regions = module.edit.changedRegions(MERGE_REGIONS_WITHIN);
  const editedTree = regions.length > MAX_INCREMENTAL_REGIONS ? parsePython(editedText)
    : reparsePython(module.tree, module.text, editedText, regions);
  const problem = editedTree.rootNode.hasError ? { message: undefined } : cpython311Problem(editedText, editedTree);
  if (problem) {
    project.findings.add({
      source: 'stcodemod',
      code: 'stcodemod/internal-error',
      kind: 'error',
      message: `the ${transform} transform produced code that does not parse${problem.message ? ` (${problem.message})` : ''}; `
        + 'its change to this file was dropped (please report this as a bug)',
      path: module.path,
    });
    return undefined;
  }
  findings.forEach((finding) => project.findings.add(finding));
  project.commit(module.path, module.edit);
  return editedTree;
}
