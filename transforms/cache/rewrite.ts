/**
 * Turns the decisions into splices and report lines: a decorator above each cached function,
 * renamed parameters, a cached loader above each moved module-level read, and the streamlit
 * import when the module has none.
 */
import { moduleInsertionPoint } from '../../src/python/imports';
import { PythonModule } from '../../src/python/module';
import { SyntaxNode } from '../../src/python/parser';
import { streamlitReference } from '../../src/python/streamlit';
import { isImportStatement, stringLiteralValue } from '../../src/python/syntax';
import { PythonReporter } from '../../src/transform';
import { FunctionDecision, ReadDecision } from './decide';
import { Reason } from './effects';

const HOLDS: Record<string, string> = {
  session: 'Snowpark session',
  'viewer-session': 'Snowpark session',
  connection: 'Snowflake connection',
  'viewer-connection': 'Snowflake connection',
  cursor: 'cursor',
};

interface Splice {
  start: number;
  end: number;
  text: string;
}

export interface Move {
  read: SyntaxNode;
  name: string;
  parameters: string[];
  /** Where its loader goes: above the module-level statement holding the read. */
  offset: number;
}

/** A keyword to rename in this module for a function of another module whose parameter was renamed. */
export interface KeywordRename {
  keyword: SyntaxNode;
  call: SyntaxNode;
  /** `load_regions()`, for the report. */
  function: string;
}

export function applyDecisions(module: PythonModule, report: PythonReporter, functions: FunctionDecision[],
  reads: ReadDecision[], moves: Move[], keywordRenames: KeywordRename[], ttl: string): void {
  const cached = functions.filter((d): d is Extract<FunctionDecision, { action: 'cache' }> => d.action === 'cache');
  const insertions = [...cached.map((d) => module.lineStart(d.definition.startIndex)), ...moves.map((m) => m.offset)];
  const reference = insertions.length > 0 ? streamlitReference(module, 'cache_data', Math.min(...insertions)) : undefined;
  const decorator = reference ? `@${reference.expression}(ttl=${ttl})` : '';

  const splices: Splice[] = [];
  for (const decision of cached) {
    for (const rename of decision.renames) {
      for (const node of [...rename.references, ...rename.keywords]) {
        splices.push({ start: node.startIndex, end: node.endIndex, text: rename.to });
      }
    }
  }
  for (const rename of keywordRenames) {
    splices.push({ start: rename.keyword.startIndex, end: rename.keyword.endIndex, text: `_${rename.keyword.text}` });
    report.infoAt(rename.call, {
      code: 'renamed-keyword',
      message: `renamed the keyword ${rename.keyword.text}= to _${rename.keyword.text}= in this call of ${rename.function}, `
        + `whose parameter is now _${rename.keyword.text} so that st.cache_data does not try to hash it`,
    });
  }
  const imported = reference?.importStatement
    ? insertImport(module, reference.importStatement, Math.min(...insertions)) : undefined;
  for (const decision of cached) {
    const start = decision.definition.startIndex;
    module.edit.insert(module.lineStart(start), `${module.indentationAt(start)}${decorator}\n`);
  }
  insertLoaders(module, moves, splices, decorator, imported);
  for (const splice of splices) module.edit.replace(splice.start, splice.end, splice.text);
  reportDecisions(module, report, functions, reads, moves, ttl, decorator);
}

/** Names and places the loader of each read to move; `loaderSource` gives its code. */
export function planMoves(module: PythonModule, reads: ReadDecision[]): Move[] {
  const moves: Move[] = [];
  if (!reads.some((decision) => decision.action === 'move')) return moves;
  const taken = new Set(module.nodesOfType('identifier').map((node) => node.text));
  for (const decision of reads) {
    if (decision.action !== 'move') continue;
    const base = `load_${targetName(decision.read)}`;
    let name = base;
    for (let suffix = 2; taken.has(name); suffix++) name = `${base}_${suffix}`;
    taken.add(name);
    decision.name = name;
    moves.push({ read: decision.read, name, parameters: decision.parameters, offset: loaderOffset(module, decision.read) });
  }
  return moves;
}

/** What the read is assigned to, to name its loader after (`df = ...`, `by_region = {...}` -> df, by_region). */
function targetName(read: SyntaxNode): string {
  let assignment: SyntaxNode | null = read.parent;
  while (assignment && assignment.type !== 'assignment' && assignment.type !== 'block' && assignment.type !== 'module') {
    assignment = assignment.parent;
  }
  let target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  if (target?.type === 'attribute') target = target.childForFieldName('attribute');
  if (target?.type === 'subscript') {
    const key = target.childForFieldName('subscript');
    const value = key ? stringLiteralValue(key) : undefined;
    return value && /^[A-Za-z_]\w*$/.test(value) ? value.replace(/^_+/, '').toLowerCase() || 'data' : 'data';
  }
  return target?.type === 'identifier' ? target.text.replace(/^_+/, '').toLowerCase() || 'data' : 'data';
}

/** Above the module-level statement holding the read, and above the comment lines attached to it. */
function loaderOffset(module: PythonModule, read: SyntaxNode): number {
  let statement = read;
  while (statement.parent && statement.parent.type !== 'module') statement = statement.parent;
  let offset = module.lineStart(statement.startIndex);
  while (offset > 0) {
    const lineBreak = module.text.slice(offset - 2, offset) === '\r\n' ? 2 : 1;
    const previous = module.lineStart(offset - lineBreak);
    if (!module.text.slice(previous, offset).trim().startsWith('#')) break;
    offset = previous;
  }
  return offset;
}

/** The loader's code as it will be written, less its decorator (to compare loaders across pages). */
export function loaderSource(module: PythonModule, move: Move): string {
  return `def ${move.name}(${move.parameters.join(', ')}):\n${module.indentUnit}return ${reindented(module, move.read, [])}`;
}

function insertLoaders(module: PythonModule, moves: Move[], splices: Splice[], decorator: string,
  imported?: { offset: number; blankLinesAfter: number }): void {
  const byOffset = new Map<number, Move[]>();
  for (const move of moves) byOffset.set(move.offset, [...(byOffset.get(move.offset) ?? []), move]);
  for (const [offset, group] of byOffset) {
    const definitions = group.map((move) => {
      const inside = splices.filter((s) => move.read.startIndex <= s.start && s.end <= move.read.endIndex);
      inside.forEach((s) => splices.splice(splices.indexOf(s), 1));
      return [
        decorator,
        `def ${move.name}(${move.parameters.join(', ')}):`,
        `${module.indentUnit}return ${reindented(module, move.read, inside)}`,
      ].join('\n');
    });
    const before = module.text.slice(0, offset);
    const blankLinesBefore = (before.match(/(?:\r?\n|\r)(?:[ \t]*(?:\r?\n|\r))*$/)?.[0].match(/\r?\n|\r/g)?.length ?? 1) - 1
      + (imported?.offset === offset ? imported.blankLinesAfter : 0);
    const prefix = before.trim() === '' ? '' : '\n'.repeat(Math.max(0, 2 - blankLinesBefore));
    module.edit.insert(offset, `${prefix}${definitions.join('\n\n\n')}\n\n\n`);
    for (const move of group) {
      module.edit.replace(move.read.startIndex, move.read.endIndex, `${move.name}(${move.parameters.join(', ')})`);
    }
  }
}

/** Node types whose brackets let an expression continue over line breaks. */
const BRACKETED = new Set(['argument_list', 'parenthesized_expression', 'list', 'tuple', 'set', 'dictionary', 'subscript',
  'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression', 'parameters']);

/**
 * The read's text for the loader's `return`: splices inside it applied, continuation lines moved
 * from the statement's indentation to the loader body's (lines inside strings stay as they are),
 * and wrapped in parentheses when a line break in it was only legal inside brackets around it.
 */
function reindented(module: PythonModule, read: SyntaxNode, inside: Splice[]): string {
  const text = module.text;
  const base = module.indentationAt(read.startIndex);
  const lineBreaks: number[] = [];
  const breaks = /\r\n|\r|\n/g;
  breaks.lastIndex = read.startIndex;
  for (let match = breaks.exec(text); match && match.index < read.endIndex; match = breaks.exec(text)) {
    if (!insideString(module, match.index)) lineBreaks.push(match.index + match[0].length);
  }
  const wrap = lineBreaks.some((lineStart) => !bracketedWithin(module, lineStart - 1, read));
  const indent = module.indentUnit.repeat(wrap ? 2 : 1);
  const changes: Splice[] = [...inside];
  for (const lineStart of lineBreaks) {
    if (text.startsWith(base, lineStart)) changes.push({ start: lineStart, end: lineStart + base.length, text: indent });
  }
  changes.sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let position = read.startIndex;
  for (const change of changes) {
    if (change.start < position) continue;
    result += text.slice(position, change.start) + change.text;
    position = change.end;
  }
  result += text.slice(position, read.endIndex);
  return wrap ? `(${result})` : result;
}

/** True when the line break at `offset` lies inside brackets that belong to the read. */
function bracketedWithin(module: PythonModule, offset: number, read: SyntaxNode): boolean {
  for (let node: SyntaxNode | null = module.root.descendantForIndex(offset); node; node = node.parent) {
    if (node.startIndex < read.startIndex || node.endIndex > read.endIndex) return false;
    if (BRACKETED.has(node.type) && node.startIndex < offset) return true;
  }
  return false;
}

function insideString(module: PythonModule, offset: number): boolean {
  for (let node: SyntaxNode | null = module.root.descendantForIndex(offset); node; node = node.parent) {
    if (node.type === 'string' && node.startIndex < offset && offset < node.endIndex) return true;
  }
  return false;
}

/** Adds the import among the module's imports; returns where, and the blank lines it left after it. */
function insertImport(module: PythonModule, statement: string, limit: number): { offset: number; blankLinesAfter: number } {
  const offset = moduleInsertionPoint(module, limit);
  const previous = module.root.namedChildren.filter((s) => s.endIndex <= offset && s.type !== 'comment').pop();
  const separator = offset > 0 && !/[\r\n]$/.test(module.text.slice(0, offset)) ? '\n' : '';
  const groupBreak = previous && !isImportStatement(previous) ? '\n' : '';
  const rest = module.text.slice(offset);
  const blankAfter = /^[ \t]*(\r?\n|\r)/.test(rest) || rest.trim() === '' ? '' : '\n';
  module.edit.insert(offset, `${separator}${groupBreak}${statement}\n${blankAfter}`);
  return { offset, blankLinesAfter: blankAfter.length };
}

function reportDecisions(module: PythonModule, report: PythonReporter, functions: FunctionDecision[],
  reads: ReadDecision[], moves: Move[], ttl: string, decorator: string): void {
  // The decorator this tool writes, to recognise it on functions an earlier pass or run cached.
  let ours: string | undefined;
  for (const decision of functions) {
    const where = decision.definition;
    if (decision.action === 'cache') {
      const renamed = decision.renames.map((r) => `${r.from} (a ${HOLDS[r.holds] ?? r.holds}) to ${r.to}`).join(', ');
      report.infoAt(where, {
        code: 'cached',
        message: `${decision.name}() is now cached with ${decorator}${decision.why ? `, because ${decision.why}` : ''}`
          + (renamed ? `; renamed ${renamed} so that st.cache_data does not try to hash it` : ''),
      });
    } else if (decision.action === 'skip') {
      reportReason(report, where, `${decision.name}() is not cached`, decision.reason);
    } else if (!decision.viewerReason && decision.unshareableReason) {
      const lasts = /\bttl\s*=/.test(decision.decorator) ? 'until its ttl runs out' : 'until the server restarts (it has no ttl)';
      report.manualAt(where, {
        code: 'cached-unshareable',
        message: `${decision.name}() is cached, but it ${decision.unshareableReason.text.split(': ')[0]}: `
          + `on the container runtime its cache is shared by every viewer, so one result is given to all of them ${lasts}; `
          + 'remove the cache, or give it a ttl short enough for that answer to be reused',
      });
    } else if (!decision.viewerReason) {
      // A decorator exactly like the ones this tool writes came from an earlier pass or run: nothing to say.
      ours ??= `@${streamlitReference(module, 'cache_data', module.text.length).expression}(ttl=${ttl})`;
      if (!decision.candidate || decision.decorator === ours) continue;
      const noTtl = !/\bttl\s*=/.test(decision.decorator) && /cache_data|memo/.test(decision.decorator)
        ? ' (it has no ttl: on the container runtime its results stay until the server restarts)' : '';
      report.infoAt(where, {
        code: 'already-cached',
        message: `${decision.name}() is already cached with ${decision.decorator}${noTtl}; left as it is`,
      });
    } else {
      report.manualAt(where, {
        code: 'cached-viewer-context',
        message: `${decision.name}() is cached, but it ${decision.viewerReason.text}: on the container runtime its cached `
          + 'values are shared by every viewer, so one viewer can get another\'s data; remove the cache, or pass what it '
          + 'needs from the viewer in as a parameter so that it becomes part of the cache key',
      });
    }
  }
  for (const decision of reads) {
    if (decision.action === 'skip') {
      reportReason(report, decision.read, 'this module-level Snowflake read is not cached', decision.reason);
      continue;
    }
    const move = moves.find((m) => m.read.id === decision.read.id)!;
    report.infoAt(decision.read, {
      code: 'cached-module-read',
      message: `this module-level Snowflake read now goes through ${move.name}(${move.parameters.join(', ')}), `
        + `a new function cached with ${decorator}${decision.why ? `, because ${decision.why}` : ''}`,
    });
  }
}

function reportReason(report: PythonReporter, node: SyntaxNode, subject: string, reason: Reason): void {
  const message = `${reason.shared ? 'not cached' : subject}: it ${reason.text}${reason.advice ? `; ${reason.advice}` : ''}`;
  if (reason.kind === 'manual') report.manualAt(node, { code: reason.code, message });
  else report.infoAt(node, { code: reason.code, message });
}
