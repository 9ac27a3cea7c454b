/**
 * pyproject.toml: reading `[project] dependencies` and adding to it by splices next to what is
 * there (src/toml-edit.ts), so comments, quoting and layout survive.
 */
import { parseRequirement } from '../../src/pep508';
import { TextEdit } from '../../src/text-edit';
import { lineEnd } from '../../src/text-lines';
import { appendToArray, definedOutsideTable, findKeyValue, findTable, parseToml, TomlArray, TomlError, tomlString, TomlTable }
  from '../../src/toml-edit';
import { ExistingRequirement } from './merge';

export interface Pyproject {
  project?: TomlTable;
  dependencies?: TomlArray;
  requirements: ExistingRequirement[];
  /** `[project] dynamic`: fields a build backend fills in. */
  dynamic: string[];
  /** Quote style of the dependency strings, to write new ones alike. */
  style: 'basic' | 'literal';
}

export interface PyprojectUpdate {
  add: string[];
  /** The `requires-python` to set when there is none, or when the one there excludes Python 3.11. */
  requiresPython: string;
  admitsContainerPython: (specifier: string) => boolean;
  /** For a `[project]` table that has to be created. */
  projectName: string;
}

export interface PyprojectChanges {
  createdProject: boolean;
  /** The `requires-python` that was replaced because it excluded the container's Python. */
  replacedRequiresPython?: string;
  addedRequiresPython: boolean;
  /** Required `[project]` fields the table lacks. */
  missingFields: string[];
}

export function readPyproject(text: string): Pyproject | TomlError {
  const document = parseToml(text);
  if ('message' in document) return document;
  if (definedOutsideTable(document, 'project')) {
    return { message: '`project` is defined with dotted keys or an inline table, which stcodemod does not edit', offset: 0 };
  }
  const project = findTable(document, ['project']);
  const result: Pyproject = { requirements: [], dynamic: [], style: 'basic', ...(project ? { project } : {}) };
  if (!project) return result;
  const dynamic = findKeyValue(project, 'dynamic')?.value;
  if (dynamic?.type === 'TOMLArray') {
    result.dynamic = dynamic.elements.flatMap((element) => (element.type === 'TOMLValue' && element.kind === 'string' ? [element.value] : []));
  }
  const dependencies = findKeyValue(project, 'dependencies');
  if (!dependencies) return result;
  if (dependencies.value.type !== 'TOMLArray') {
    return { message: '`[project] dependencies` is not an array', offset: dependencies.range[0] };
  }
  result.dependencies = dependencies.value;
  for (const element of dependencies.value.elements) {
    if (element.type !== 'TOMLValue' || element.kind !== 'string') {
      return { message: '`[project] dependencies` holds something other than strings', offset: element.range[0] };
    }
    if (element === dependencies.value.elements[0]) result.style = element.style;
    const requirement = parseRequirement(element.value);
    if (typeof requirement !== 'string') result.requirements.push({ requirement, text: element.value, offset: element.range[0] });
  }
  return result;
}

/** Adds requirements (and `requires-python`) to an existing pyproject.toml. */
export function updatePyproject(edit: TextEdit, pyproject: Pyproject, update: PyprojectUpdate): PyprojectChanges {
  const text = edit.original;
  const changes: PyprojectChanges = { createdProject: false, addedRequiresPython: false, missingFields: [] };
  const project = pyproject.project;
  if (!project) {
    const separator = text === '' ? '' : /(\r?\n|\r){2}$/.test(text) ? '' : /[\r\n]$/.test(text) ? '\n' : '\n\n';
    edit.insert(text.length, `${separator}${newProjectTable(update)}`);
    changes.createdProject = true;
    return changes;
  }
  const values = update.add.map((line) => tomlString(line, pyproject.style));
  const requiresPython = findKeyValue(project, 'requires-python');
  if (requiresPython) {
    const value = requiresPython.value;
    if (value.type === 'TOMLValue' && value.kind === 'string' && !update.admitsContainerPython(value.value)) {
      edit.replace(value.range[0], value.range[1], tomlString(update.requiresPython, value.style));
      changes.replacedRequiresPython = value.value;
    }
  } else if (!pyproject.dynamic.includes('requires-python')) {
    const after = findKeyValue(project, 'version') ?? findKeyValue(project, 'name');
    const anchor = after ? lineEnd(text, after.range[1]) : tableEnd(text, project);
    edit.insert(anchor, `\nrequires-python = ${tomlString(update.requiresPython)}`);
    changes.addedRequiresPython = true;
  }
  if (pyproject.dependencies) {
    appendToArray(edit, pyproject.dependencies, values);
  } else if (values.length > 0) {
    edit.insert(tableEnd(text, project), `\ndependencies = [\n${values.map((value) => `    ${value},\n`).join('')}]`);
  }
  for (const field of ['name', 'version']) {
    if (!findKeyValue(project, field) && !pyproject.dynamic.includes(field)) changes.missingFields.push(field);
  }
  return changes;
}

/** A whole pyproject.toml for a folder that has none. */
export function newPyproject(update: PyprojectUpdate): string {
  return newProjectTable(update);
}

function newProjectTable(update: PyprojectUpdate): string {
  const dependencies = update.add.length === 0
    ? 'dependencies = []\n'
    : `dependencies = [\n${update.add.map((line) => `    ${tomlString(line)},\n`).join('')}]\n`;
  return [
    '[project]',
    `name = ${tomlString(update.projectName)}`,
    'version = "0.1.0"',
    `requires-python = ${tomlString(update.requiresPython)}`,
    dependencies,
  ].join('\n');
}

/** After the last line of a table's own key/values (or its header). */
function tableEnd(text: string, table: TomlTable): number {
  const last = table.body[table.body.length - 1];
  return lineEnd(text, last ? last.range[1] : table.key.range[1]);
}
