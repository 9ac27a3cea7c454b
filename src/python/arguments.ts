import { PythonModule } from './module';
import { SyntaxNode } from './parser';

/** The arguments of a call, sorted by kind. */
export interface CallArguments {
  /** The `argument_list` node. */
  list: SyntaxNode;
  /** Every argument, in order (comments excluded). */
  all: SyntaxNode[];
  positional: SyntaxNode[];
  /** `keyword_argument` nodes by keyword. */
  keywords: Map<string, SyntaxNode>;
  /** `*args` and `**kwargs` arguments. */
  splats: SyntaxNode[];
}

/** The arguments of a call, or undefined for `f(x for x in y)` (a bare generator argument). */
export function callArguments(call: SyntaxNode): CallArguments | undefined {
  const list = call.childForFieldName('arguments');
  if (list?.type !== 'argument_list') return undefined;
  const all = list.namedChildren.filter((child) => child.type !== 'comment');
  const keywords = new Map<string, SyntaxNode>();
  const positional: SyntaxNode[] = [];
  const splats: SyntaxNode[] = [];
  for (const argument of all) {
    if (argument.type === 'keyword_argument') keywords.set(argument.childForFieldName('name')!.text, argument);
    else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') splats.push(argument);
    else positional.push(argument);
  }
  return { list, all, positional, keywords, splats };
}

/** The value of a keyword argument. */
export function keywordValue(argument: SyntaxNode): SyntaxNode | undefined {
  return argument.childForFieldName('value') ?? undefined;
}

/** `True` / `False` for a literal boolean, undefined for anything else. */
export function booleanLiteral(node: SyntaxNode | undefined): boolean | undefined {
  if (node?.type === 'true') return true;
  if (node?.type === 'false') return false;
  return undefined;
}

/**
 * The range to delete to remove one argument together with the comma that separates it from its
 * neighbours. Comments between arguments are kept (only the argument and its comma go).
 */
export function argumentRemovalRange(module: PythonModule, args: CallArguments, argument: SyntaxNode)
  : { start: number; end: number } {
  const index = args.all.findIndex((item) => item.id === argument.id);
  const next = args.all[index + 1];
  const previous = args.all[index - 1];
  const text = module.text;
  if (next) {
    const between = text.slice(argument.endIndex, next.startIndex);
    if (!between.includes('#')) return { start: argument.startIndex, end: next.startIndex };
    return { start: argument.startIndex, end: argument.endIndex + between.indexOf(',') + 1 };
  }
  if (previous) {
    const between = text.slice(previous.endIndex, argument.startIndex);
    if (!between.includes('#')) return { start: previous.endIndex, end: argument.endIndex };
  }
  const inside = { start: args.list.startIndex + 1, end: args.list.endIndex - 1 };
  if (!previous && !text.slice(inside.start, inside.end).includes('#')) return inside;
  // One after a comment: take its trailing comma, keep the layout.
  const after = text.slice(argument.endIndex, args.list.endIndex - 1);
  const comma = /^\s*,/.exec(after);
  return { start: argument.startIndex, end: argument.endIndex + (comma ? comma[0].length : 0) };
}

/** True when nothing but whitespace would be left between a call's parentheses. */
export function onlyArgumentsAmong(args: CallArguments, removed: SyntaxNode[]): boolean {
  const ids = new Set(removed.map((node) => node.id));
  const comments = args.list.namedChildren.some((child) => child.type === 'comment');
  return !comments && args.all.every((argument) => ids.has(argument.id));
}
