/**
 * The container runtime's rules for the file it installs from, applied to every line of it, the
 * user's own included (runtime facts, section 3): Streamlit 1.50 or newer, and in pyproject.toml a
 * `requires-python` that admits Python 3.11 (requirements.txt cannot name a Python). An older
 * Streamlit pin is raised to `>=1.50`, as for a converted one, since the app cannot start with it.
 */
import * as posix from 'node:path/posix';
import { holdsPypiDependencies } from '../../src/inventory/python-code';
import { canonicalName, parseRequirement, Requirement } from '../../src/pep508';
import { Project } from '../../src/project';
import { TextEdit } from '../../src/text-edit';
import { findKeyValue, tomlString } from '../../src/toml-edit';
import { Reporter } from '../../src/transform';
import { admitsContainerPython, CONTAINER_PYTHON, MIN_STREAMLIT } from './convert';
import { readPyproject } from './pyproject';
import { readRequirements, specifierSpan } from './requirements';
import { admitsAtLeast, parseSpecifier } from './versions';

export interface RuleChange {
  code: 'streamlit-version' | 'requires-python';
  /** The requirement or `requires-python` value as it was. */
  from: string;
  /** As it is now; undefined when it could not be changed in place (a line continued with `\`). */
  to?: string;
  /** Where it is in the file's new text. */
  offset: number;
}

export const RAISED_STREAMLIT = `>=${MIN_STREAMLIT}`;
const CONTAINER_REQUIRES_PYTHON = `>=${CONTAINER_PYTHON}`;

/** A Streamlit requirement the container runtime cannot satisfy: a version pin that admits nothing from 1.50 on. */
export function isTooOldStreamlit(requirement: Requirement): boolean {
  return canonicalName(requirement.name) === 'streamlit' && requirement.url === undefined
    && !admitsAtLeast(parseSpecifier(requirement.specifier), MIN_STREAMLIT);
}

/** Raises every Streamlit pin older than 1.50 in a requirements.txt or pyproject.toml. */
export function raiseStreamlit(project: Project, path: string): RuleChange[] {
  return applyRules(project, path, { python: false, dryRun: false });
}

/**
 * Both rules: Streamlit 1.50 or newer, and a pyproject.toml `requires-python` that admits 3.11.
 * `dryRun`: only say what breaks them, changing nothing (offsets are then in the current text).
 */
export function applyContainerRules(project: Project, path: string, { dryRun = false } = {}): RuleChange[] {
  return applyRules(project, path, { python: true, dryRun });
}

function applyRules(project: Project, path: string, { python, dryRun }: { python: boolean; dryRun: boolean }): RuleChange[] {
  if (project.read(path) === undefined) return [];
  const edit = project.edit(path);
  const found = path.endsWith('.toml') ? pyprojectRules(edit, python) : requirementsRules(edit);
  if (dryRun) return found;
  project.commit(path, edit);
  return found.map((change) => ({ ...change, offset: edit.mapOffset(change.offset) }));
}

function requirementsRules(edit: TextEdit): RuleChange[] {
  const changes: RuleChange[] = [];
  for (const line of readRequirements(edit.original)) {
    if (!isTooOldStreamlit(line.requirement)) continue;
    if (!line.specifier) {
      changes.push({ code: 'streamlit-version', from: line.text, offset: line.offset });
      continue;
    }
    edit.replace(line.specifier.start, line.specifier.end, RAISED_STREAMLIT);
    changes.push({ code: 'streamlit-version', from: line.text, to: withRaisedSpecifier(line.text), offset: line.offset });
  }
  return changes;
}

/** `[project] dependencies` and `requires-python`, in a pyproject.toml uv reads (not Poetry's, not a package build's). */
function pyprojectRules(edit: TextEdit, python: boolean): RuleChange[] {
  if (!holdsPypiDependencies(edit.original)) return [];
  const pyproject = readPyproject(edit.original);
  if ('message' in pyproject || !pyproject.project) return [];
  const changes: RuleChange[] = [];
  for (const element of pyproject.dependencies?.elements ?? []) {
    if (element.type !== 'TOMLValue' || element.kind !== 'string') continue;
    const requirement = parseRequirement(element.value);
    if (typeof requirement === 'string' || !isTooOldStreamlit(requirement)) continue;
    const raised = withRaisedSpecifier(element.value);
    edit.replace(element.range[0], element.range[1], tomlString(raised, element.style === 'literal' ? 'literal' : 'basic'));
    changes.push({ code: 'streamlit-version', from: element.value, to: raised, offset: element.range[0] });
  }
  const requiresPython = python ? findKeyValue(pyproject.project, 'requires-python')?.value : undefined;
  if (requiresPython?.type === 'TOMLValue' && requiresPython.kind === 'string' && !admitsContainerPython(requiresPython.value)) {
    edit.replace(requiresPython.range[0], requiresPython.range[1],
      tomlString(CONTAINER_REQUIRES_PYTHON, requiresPython.style === 'literal' ? 'literal' : 'basic'));
    changes.push({ code: 'requires-python', from: requiresPython.value, to: CONTAINER_REQUIRES_PYTHON, offset: requiresPython.range[0] });
  }
  return changes;
}

function withRaisedSpecifier(text: string): string {
  const span = specifierSpan(text)!;
  return `${text.slice(0, span.start)}${RAISED_STREAMLIT}${text.slice(span.end)}`;
}

/** Each change as the manual step it is: the app now runs on a Streamlit or Python it was not tested with. */
export function reportRuleChanges(path: string, changes: RuleChange[], report: Reporter): void {
  const file = posix.basename(path);
  for (const change of changes) {
    if (change.code === 'requires-python') {
      report.manual({
        code: 'requires-python',
        message: `\`requires-python = "${change.from}"\` excluded Python ${CONTAINER_PYTHON}, the only version the container runtime has: replaced with \`${change.to}\`; check that the app works on ${CONTAINER_PYTHON}`,
        path,
        offset: change.offset,
      });
    } else {
      report.manual({
        code: 'streamlit-version',
        message: change.to !== undefined
          ? `${file} pinned \`${change.from}\`, a Streamlit older than ${MIN_STREAMLIT}, the oldest the container runtime supports: raised to \`${change.to}\`; test the app on the newer Streamlit`
          : `${file} pins \`${change.from}\`, a Streamlit older than ${MIN_STREAMLIT}, the oldest the container runtime supports, on a line continued with \`\\\`\`: change it to \`${RAISED_STREAMLIT}\` by hand and test the app on the newer Streamlit`,
        path,
        offset: change.offset,
      });
    }
  }
}

/**
 * Streamlit's own requirements (its wheel's Requires-Dist, 1.50 to 1.64): an exact pin of one of
 * them from a frozen environment may exclude the versions a newer Streamlit needs.
 */
const STREAMLIT_REQUIRES = new Set(['altair', 'blinker', 'cachetools', 'click', 'gitpython', 'numpy', 'packaging', 'pandas',
  'pillow', 'protobuf', 'pyarrow', 'pydeck', 'requests', 'tenacity', 'toml', 'tornado', 'typing-extensions', 'watchdog']);

/**
 * After Streamlit was raised to 1.50 or newer, a file that pins Streamlit's own requirements exactly
 * (a `pip freeze` of an old environment) may not resolve any more: uv then fails and the container
 * does not start. Reported, with the pins to check; stcodemod cannot resolve without an index.
 */
export function reportFrozenPins(project: Project, path: string, changes: RuleChange[], report: Reporter): void {
  if (!changes.some((change) => change.code === 'streamlit-version') || !path.endsWith('requirements.txt')) return;
  const text = project.read(path)?.text ?? '';
  const pins = [...text.matchAll(/^[ \t]*([A-Za-z0-9][A-Za-z0-9._-]*)[ \t]*==[ \t]*([^\s;#,]+)/gm)]
    .filter((match) => STREAMLIT_REQUIRES.has(match[1].toLowerCase().replace(/[._]+/g, '-')));
  if (pins.length === 0) return;
  report.manual({
    code: 'frozen-pins',
    message: `${posix.basename(path)} also pins ${pins.map((match) => `\`${match[1]}==${match[2]}\``).join(', ')}, which Streamlit `
      + `itself requires: the versions an old Streamlit needed may exclude those ${MIN_STREAMLIT} or newer needs, and then uv `
      + 'cannot install the file and the app does not start; loosen those pins, or check that `uv pip compile` resolves the file',
    path,
    offset: pins[0].index,
  });
}

/**
 * Snowpark for Python supports Python 3.11 from 1.9.0 (UNCONFIRMED in the runtime facts: the safe
 * side is a warning). An exact pin of an older release, common in warehouse-era files, may not
 * install on the container runtime's only Python, and then the app does not start.
 */
const SNOWPARK_PIN = /^[ \t]*(snowflake-snowpark-python(?:\[[^\]]*\])?)[ \t]*==[ \t]*(\d+)\.(\d+)[^\s;#,]*/gim;

export function reportOldSnowparkPin(project: Project, path: string, report: Reporter): void {
  if (!path.endsWith('requirements.txt')) return;
  const text = project.read(path)?.text ?? '';
  for (const match of text.matchAll(SNOWPARK_PIN)) {
    const [major, minor] = [Number(match[2]), Number(match[3])];
    if (major > 1 || (major === 1 && minor >= 9)) continue;
    report.warn({
      code: 'snowpark-before-311',
      message: `\`${match[0].trim()}\` predates Snowpark's support for Python ${CONTAINER_PYTHON} (1.9.0; UNCONFIRMED): uv may not `
        + `install it on the container runtime's only Python, and then the app does not start; raise the pin, or check that `
        + `\`uv pip compile --python-version ${CONTAINER_PYTHON}\` resolves the file`,
      path,
      offset: match.index,
    });
  }
}
