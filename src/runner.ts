import { Finding } from './findings';
import { Project } from './project';
import { commitPythonModule, openPythonModule } from './python/files';
import { PythonReporter, Reporter, RunOptions, Transform } from './transform';

/** `all` repeats its passes until nothing changes; a transform that keeps changing is a bug. */
const MAX_PASSES = 4;
/** The tree-sitter binding frees trees only when the event loop turns (performance-notes.md). */
const FILES_PER_YIELD = 100;

export async function runTransforms(project: Project, transforms: Transform[], options: RunOptions): Promise<void> {
  await runToFixpoint(project, transforms, options);
  runFinishHooks(project, transforms, options);
}

async function runToFixpoint(project: Project, transforms: Transform[], options: RunOptions): Promise<void> {
  const visited = new Map<string, string>();
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const changed = await runPass(project, transforms, options, visited);
    if (!changed) return;
  }
  reportNoFixpoint(project);
}

/**
 * Summary hooks see the whole run. What they write is kept only when the run changed something
 * else, or to create a file that does not exist yet: regenerating a summary must never be the
 * only change of a run, or a run over its own output would not be a no-op.
 */
function runFinishHooks(project: Project, transforms: Transform[], options: RunOptions): void {
  const finishing = transforms.filter((transform) => transform.finish);
  if (finishing.length === 0) return;
  const changes = project.changes();
  for (const transform of finishing) {
    const run = {
      transforms: transforms.map((t) => t.name),
      findings: project.findings.resolve((path) => project.read(path)?.text),
      changes,
    };
    transform.finish!(project, run, new Reporter(transform.name, (finding) => project.findings.add(finding)), options);
  }
  if (changes.length > 0) return;
  for (const change of project.changes()) {
    if (change.kind === 'modify') project.restore(change.to!);
  }
}

/**
 * One pass: every Python hook on each file in turn, then every project hook. A Python hook sees
 * only its file and runs on it to a fixpoint, so a later pass revisits only files whose text a
 * project hook changed since. `visited` maps each path to the text its hooks settled on.
 */
async function runPass(project: Project, transforms: Transform[], options: RunOptions, visited: Map<string, string>)
  : Promise<boolean> {
  const revision = project.revision;
  const pythonTransforms = transforms.filter((transform) => transform.python);
  if (pythonTransforms.length > 0) {
    let count = 0;
    for (const path of project.paths()) {
      if (!path.endsWith('.py')) continue;
      const source = project.read(path);
      if (!source || visited.get(path) === source.text) continue;
      runPythonFile(project, path, pythonTransforms, options);
      visited.set(path, project.read(path)!.text);
      if (++count % FILES_PER_YIELD === 0) await new Promise(setImmediate);
    }
  }
  for (const transform of transforms) {
    if (!transform.project) continue;
    transform.project(project, new Reporter(transform.name, (finding) => project.findings.add(finding)), options);
  }
  return project.revision !== revision;
}

/**
 * Every Python file is parsed, so a syntax error is reported wherever it is; a transform is only
 * called for files that mention one of its words. The hooks run in rounds on the file until a
 * round changes nothing, each on the tree the previous edit left, so that every transform sees
 * the others' output without the file being parsed again from scratch.
 */
function runPythonFile(project: Project, path: string, transforms: Transform[], options: RunOptions): void {
  let module = openPythonModule(project, path);
  for (let round = 1; round <= MAX_PASSES; round++) {
    let changed = false;
    for (const transform of transforms) {
      if (!module) return;
      const python = transform.python!;
      if (!python.mentions.some((text) => module!.text.includes(text))) continue;
      const findings: Finding[] = [];
      const reporter = new PythonReporter(transform.name, (finding) => findings.push(finding), module, options.annotate);
      python.visit(module, reporter, options);
      const tree = commitPythonModule(project, module, transform.name, findings);
      // Untouched, the module (and the queries it memoised) serves the next transform as it is.
      if (tree === module.tree) continue;
      if (tree !== undefined) changed = true;
      // After a dropped change (no tree) the file is as it was, and is parsed again.
      module = openPythonModule(project, path, tree);
    }
    if (!changed) return;
  }
  reportNoFixpoint(project, path);
}

function reportNoFixpoint(project: Project, path?: string): void {
  project.findings.add({
    source: 'stcodemod',
    code: 'stcodemod/no-fixpoint',
    kind: 'warning',
    message: `transforms still changed ${path ?? 'files'} after ${MAX_PASSES} rounds; please report this as a bug`,
    ...(path ? { path } : {}),
  });
}
