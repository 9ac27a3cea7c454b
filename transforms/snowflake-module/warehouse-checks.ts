/**
 * Tests an app makes to tell whether it runs in Snowflake, which only the warehouse runtime
 * passes: its sandbox's home folder (`os.environ["HOME"] == "/home/udf"`,
 * `os.path.exists("/home/udf")`), whether `_snowflake` is loaded (`"_snowflake" in sys.modules`),
 * or where the working directory is (`os.getcwd() == ...`). On the container runtime each of them
 * answers "not in Snowflake", and the app silently takes its local branch. They are reported, not
 * rewritten: what the local branch does, and whether the container should take it, is the app's.
 */
import { PythonModule } from '../../src/python/module';
import { NameResolver } from '../../src/python/name-resolution';
import { SyntaxNode } from '../../src/python/parser';
import { stringLiteralValue } from '../../src/python/syntax';
import { MODULE } from './analysis';

export interface WarehouseCheck {
  node: SyntaxNode;
  message: string;
}

/** Paths that exist only in the warehouse runtime's sandbox (its HOME, and its Python's folder). */
const WAREHOUSE_PATHS = ['/home/udf', '/usr/lib/python_udf'];
const CONTAINER_TEST = 'os.path.exists("/snowflake/session/token") holds on the container runtime';

/** False only for a text that holds none of the checks `findWarehouseChecks` looks for. */
export function mentionsWarehouseCheck(text: string): boolean {
  return WAREHOUSE_PATHS.some((path) => text.includes(path)) || /getcwd|\bcwd\(/.test(text);
}

export function findWarehouseChecks(module: PythonModule): WarehouseCheck[] {
  const checks: WarehouseCheck[] = [];
  if (WAREHOUSE_PATHS.some((path) => module.text.includes(path)) || module.text.includes(MODULE)) {
    for (const string of module.nodesOfType('string')) {
      const value = stringLiteralValue(string);
      if (value === undefined || isDocstring(string)) continue;
      const path = WAREHOUSE_PATHS.find((prefix) => value === prefix || value.startsWith(`${prefix}/`));
      if (path) {
        checks.push({
          node: string,
          message: `${path} exists only in the warehouse runtime's sandbox (its home folder and Python), so a test for `
            + `it says "not in Snowflake" on the container runtime and the app takes its local branch there: test for `
            + `the container runtime as well (${CONTAINER_TEST}), or drop the test`,
        });
      } else if (value === MODULE && isModulePresenceTest(string)) {
        checks.push({
          node: string.parent!,
          message: `${MODULE} is never loaded on the container runtime, so this test says "not in Snowflake" there and `
            + `the app takes its local branch: test for the container runtime as well (${CONTAINER_TEST})`,
        });
      }
    }
  }
  if (/getcwd|\bcwd\(/.test(module.text)) checks.push(...workingDirectoryTests(module));
  return checks.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

function isDocstring(string: SyntaxNode): boolean {
  return string.parent?.type === 'expression_statement' && string.parent.namedChildCount === 1;
}

/** `"_snowflake" in sys.modules`, `sys.modules.get("_snowflake")`, `importlib.util.find_spec("_snowflake")`. */
function isModulePresenceTest(string: SyntaxNode): boolean {
  const parent = string.parent;
  if (parent?.type === 'comparison_operator') return /\bmodules\b/.test(parent.text);
  const call = parent?.type === 'argument_list' ? parent.parent : undefined;
  const callee = call?.type === 'call' ? call.childForFieldName('function')?.text.replace(/\s+/g, '') : undefined;
  return callee !== undefined && /(^|\.)(modules\.get|find_spec|find_loader)$/.test(callee);
}

/** `os.getcwd()` or `Path.cwd()` compared with a string, or tested with `.startswith(...)`/`in`. */
function workingDirectoryTests(module: PythonModule): WarehouseCheck[] {
  const resolver = NameResolver.of(module);
  const checks: WarehouseCheck[] = [];
  for (const call of module.nodesOfType('call')) {
    const target = resolver.qualify(call.childForFieldName('function')!)?.target;
    if (target !== 'os.getcwd' && target !== 'pathlib.Path.cwd' && target !== 'os.getcwdb') continue;
    const test = enclosingTest(call);
    if (!test) continue;
    checks.push({
      node: test,
      message: 'this compares the working directory with a fixed path to tell where the app runs; on the container '
        + 'runtime the app runs from its source root in another file system, so the test may pick another branch '
        + `than on the warehouse runtime (whose working directory is UNCONFIRMED): test for the runtime itself (${CONTAINER_TEST})`,
    });
  }
  return checks;
}

/** The comparison or `.startswith(...)`/`.endswith(...)` call that tests a value against a string, if any. */
function enclosingTest(value: SyntaxNode): SyntaxNode | undefined {
  let current = value;
  // str(Path.cwd()), os.getcwd().lower(), Path.cwd().as_posix()
  for (;;) {
    const parent = current.parent;
    if (parent?.type === 'argument_list' && parent.parent?.childForFieldName('function')?.text === 'str') {
      current = parent.parent;
    } else if (parent?.type === 'attribute' && parent.parent?.type === 'call') {
      const method = parent.childForFieldName('attribute')!.text;
      const call = parent.parent;
      if (method === 'startswith' || method === 'endswith') return hasStringArgument(call) ? call : undefined;
      if (!['lower', 'upper', 'as_posix', 'resolve', 'rstrip', 'strip'].includes(method)) return undefined;
      current = call;
    } else {
      break;
    }
  }
  const parent = current.parent;
  if (parent?.type !== 'comparison_operator') return undefined;
  return parent.namedChildren.some((operand) => operand.id !== current.id && isStringish(operand)) ? parent : undefined;
}

function hasStringArgument(call: SyntaxNode): boolean {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).some(isStringish);
}

function isStringish(node: SyntaxNode): boolean {
  return node.type === 'string' || node.type === 'concatenated_string'
    || (node.type === 'tuple' && node.namedChildren.some((child) => child.type === 'string'));
}
