/**
 * The files a migrated Native App Streamlit reads that the run wrote (its requirements.txt, a
 * session module, a REST helper) reach it only when the application package deploys them under
 * the folder its CREATE STREAMLIT names in FROM. A snowflake.yml that bundles the entry file by a
 * mapping of its own (`src: ui/app.py, dest: streamlit/app.py`) bundles nothing else of the
 * folder, so each new file gets a mapping of the same kind beside it. Globs and folders bundle
 * new files already; a file that still lands nowhere is a manual step.
 */
import * as posix from 'node:path/posix';
import { isMap, YAMLSeq } from 'yaml';
import { containerDependencyFile, folderOf, isInside } from '../../src/app-layout';
import { StreamlitApp } from '../../src/inventory';
import { DEFINITION_FILES, notDeployed } from '../../src/inventory/declared';
import { NativeApp } from '../../src/native-app/manifest';
import { isGeneratedPlan } from '../../src/plan-files';
import { Project } from '../../src/project';
import { readDefinition, topLevel } from '../../src/snowflake-definition';
import { Reporter } from '../../src/transform';
import { appendToSeq, mapValue, scalarValue, seqValue, yamlScalar } from '../../src/yaml-edit';

/** Maps the app's new files into the package beside its entry file, and reports those it cannot. */
export function deployNewFiles(project: Project, native: NativeApp, app: StreamlitApp, source: string, at: { path: string; offset: number },
  report: Reporter): void {
  const created = project.createdPaths().filter((path) => isInside(path, app.root) && !isGeneratedPlan(project, path));
  const dependencyFile = containerDependencyFile(project, app);
  const files = [...new Set([...(dependencyFile ? [dependencyFile] : []), ...created])].sort();
  const missing = notDeployed(project, native, source, app.root, files);
  if (missing.length === 0) return;
  if (app.mainFile) mapBesideEntry(project, app.mainFile, missing);
  for (const file of notDeployed(project, native, source, app.root, missing)) {
    report.manual({ ...at, code: 'file-not-deployed', message: `${file} is not among the files the application package deploys:`
      + ` add it to the artifacts in snowflake.yml, so that it lands under ${source.replace(/^\/*/, '/')} on the stage beside`
      + ' the Streamlit\'s other files' });
  }
}

/** In each snowflake.yml list that maps the entry file on its own, the same kind of mapping for each file. */
function mapBesideEntry(project: Project, mainFile: string, files: string[]): void {
  for (const path of project.paths()) {
    if (!DEFINITION_FILES.has(posix.basename(path))) continue;
    const definition = readDefinition(project, path);
    if (!definition || 'error' in definition) continue;
    const relative = (file: string) => (definition.root === '' ? file : posix.relative(definition.root, file));
    const edit = project.edit(path);
    for (const seq of bundlingLists(topLevel(definition))) {
      const entry = seq.items.find((item) => isMap(item) && scalarValue(item, 'src')?.replace(/^\.\//, '') === relative(mainFile));
      const dest = isMap(entry) ? scalarValue(entry, 'dest') : undefined;
      if (dest === undefined) continue;
      const items = files.map((file) => {
        const target = posix.join(posix.dirname(dest), posix.relative(folderOf(mainFile), file));
        return `{ src: ${yamlScalar(relative(file))}, dest: ${yamlScalar(target)} }`;
      });
      appendToSeq(edit, definition.text, seq, items);
    }
    project.commit(path, edit);
  }
}

/** The `artifacts` lists that bundle a Native App: version 1's `native_app`, version 2's application package entities. */
function bundlingLists(top: ReturnType<typeof topLevel>): YAMLSeq[] {
  const lists: YAMLSeq[] = [];
  const v1 = mapValue(top, 'native_app');
  const v1Artifacts = v1 && seqValue(v1, 'artifacts');
  if (v1Artifacts) lists.push(v1Artifacts);
  for (const pair of mapValue(top, 'entities')?.items ?? []) {
    if (!isMap(pair.value) || scalarValue(pair.value, 'type') !== 'application package') continue;
    const artifacts = seqValue(pair.value, 'artifacts');
    if (artifacts) lists.push(artifacts);
  }
  return lists;
}
