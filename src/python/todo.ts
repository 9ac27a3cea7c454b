import { PythonModule } from './module';
import { SyntaxNode } from './parser';
import { statementOf } from './syntax';

export const TODO_MARKER = '# TODO(stcodemod):';

/**
 * Leaves `# TODO(stcodemod): <message>` on its own line above the statement holding `node`,
 * indented like it. Does nothing when the same comment is already in the comment lines directly
 * above (so re-runs never duplicate it), or when that line start lies inside a multi-line string.
 */
export function addTodoComment(module: PythonModule, node: SyntaxNode, message: string): boolean {
  const statement = statementOf(node);
  const lineStart = module.lineStart(statement.startIndex);
  if (insideString(module, lineStart)) return false;
  const comment = `${TODO_MARKER} ${message.replace(/\s+/g, ' ').trim()}`;
  if (commentLinesAbove(module, lineStart).includes(comment)) return false;
  module.edit.insert(lineStart, `${module.indentationAt(lineStart)}${comment}\n`);
  return true;
}

function commentLinesAbove(module: PythonModule, lineStart: number): string[] {
  const lines: string[] = [];
  let end = lineStart;
  while (end > 0) {
    // Step over the previous line's break: one character, or two for CRLF.
    const lineBreak = module.text[end - 1] === '\n' && module.text[end - 2] === '\r' ? 2 : 1;
    const start = module.lineStart(end - lineBreak);
    const line = module.text.slice(start, end).trim();
    if (!line.startsWith('#')) break;
    lines.push(line);
    end = start;
  }
  return lines;
}

function insideString(module: PythonModule, offset: number): boolean {
  for (let node: SyntaxNode | null = module.root.descendantForIndex(offset); node; node = node.parent) {
    if ((node.type === 'string' || node.type === 'concatenated_string') && node.startIndex < offset) return true;
  }
  return false;
}
