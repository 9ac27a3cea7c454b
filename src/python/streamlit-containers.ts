import { SyntaxNode } from './parser';
import { NameResolver } from './name-resolution';

/** Streamlit commands that return one container (a DeltaGenerator) to draw into. */
const CONTAINER_COMMANDS = new Set(['container', 'expander', 'empty', 'form', 'popover', 'chat_message', 'status',
  'beta_container', 'beta_expander']);
/** Commands that return a list of containers. */
const CONTAINER_LIST_COMMANDS = new Set(['columns', 'tabs', 'beta_columns']);
/** How far `a = b.container()`, `b = c.container()`, ... chains are followed. */
const MAX_DEPTH = 4;

/**
 * True when an expression provably is a Streamlit container (a DeltaGenerator): `st`,
 * `st.sidebar`, a call such as `st.container()` or `col.expander(...)`, an element of
 * `st.columns(...)` / `st.tabs(...)`, or a name every binding of which is one of those
 * (`a, b = st.columns(2)`, `with st.form("f") as form:`, `for col in st.columns(3):`).
 */
export function isStreamlitContainer(node: SyntaxNode, scopes: NameResolver, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const qualified = scopes.qualify(node);
  if (qualified) return qualified.certain && (qualified.target === 'streamlit' || qualified.target === 'streamlit.sidebar');
  switch (node.type) {
    case 'call':
      return containerCommand(node, scopes, depth, CONTAINER_COMMANDS);
    case 'subscript':
      return isContainerList(node.childForFieldName('value')!, scopes, depth + 1);
    case 'parenthesized_expression':
      return node.firstNamedChild !== null && isStreamlitContainer(node.firstNamedChild, scopes, depth + 1);
    case 'identifier': {
      const sites = scopes.bindingSites(node);
      return sites !== undefined && sites.length > 0
        && sites.every((site) => bindsContainer(site, scopes, depth + 1, false));
    }
    default:
      return false;
  }
}

/** True for a call of a Streamlit command, or of a method of a Streamlit container. */
export function isStreamlitCall(call: SyntaxNode, scopes: NameResolver): boolean {
  const callee = call.childForFieldName('function');
  if (!callee) return false;
  const qualified = scopes.qualify(callee);
  if (qualified) return qualified.certain && qualified.target.startsWith('streamlit.');
  return callee.type === 'attribute' && isStreamlitContainer(callee.childForFieldName('object')!, scopes);
}

function isContainerList(node: SyntaxNode, scopes: NameResolver, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (node.type === 'call') return containerCommand(node, scopes, depth, CONTAINER_LIST_COMMANDS);
  if (node.type !== 'identifier') return false;
  const sites = scopes.bindingSites(node);
  return sites !== undefined && sites.length > 0 && sites.every((site) => bindsContainer(site, scopes, depth + 1, true));
}

/** `<container>.<command>(...)` or `st.<command>(...)` with the command in the given set. */
function containerCommand(call: SyntaxNode, scopes: NameResolver, depth: number, commands: Set<string>): boolean {
  const callee = call.childForFieldName('function')!;
  const qualified = scopes.qualify(callee);
  if (qualified) {
    const match = /^streamlit(?:\.sidebar)?\.(\w+)$/.exec(qualified.target);
    return qualified.certain && match !== null && commands.has(match[1]);
  }
  if (callee.type !== 'attribute') return false;
  const name = callee.childForFieldName('attribute')!.text;
  return commands.has(name) && isStreamlitContainer(callee.childForFieldName('object')!, scopes, depth + 1);
}

/**
 * True when a binding site binds a container (or, with `list`, a list of containers): the
 * target of an assignment, `with ... as`, or `for` whose value is one.
 */
function bindsContainer(site: SyntaxNode, scopes: NameResolver, depth: number, list: boolean): boolean {
  let target = site;
  let unpacked = false;
  while (target.parent && ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'parenthesized_expression']
    .includes(target.parent.type)) {
    target = target.parent;
    unpacked = true;
  }
  const holder = target.parent;
  if (!holder) return false;
  let value: SyntaxNode | null = null;
  let iterates = false;
  if (holder.type === 'assignment' && holder.childForFieldName('left')?.id === target.id) {
    value = holder.childForFieldName('right');
  } else if (holder.type === 'as_pattern_target') {
    value = holder.parent?.firstNamedChild ?? null;
  } else if (holder.type === 'for_statement' && holder.childForFieldName('left')?.id === target.id) {
    value = holder.childForFieldName('right');
    iterates = true;
  }
  if (!value) return false;
  // `a, b = st.columns(2)` and `for col in st.columns(3)` take containers out of a list.
  const fromList = unpacked || iterates;
  if (list) return !fromList && isContainerList(value, scopes, depth);
  return fromList ? isContainerList(value, scopes, depth) : isStreamlitContainer(value, scopes, depth);
}
