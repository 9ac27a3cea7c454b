/**
 * Inline suppression: a finding the user has looked at and accepted is not reported again.
 *
 *     df = session.sql(query).to_pandas()  # stcodemod: ignore[cache/dynamic-sql]
 *
 *     def admin_page():  # stcodemod: ignore[thread-safety]
 *         ...
 *
 * A comment `stcodemod: ignore[<code>, ...]` (after `#`, or `--` in SQL) silences the findings of
 * those codes on its line; a transform's name silences all of its codes, and a bare
 * `stcodemod: ignore` every code. In Python, the comment on a `def` or `class` line (or on one of
 * its decorators) covers the whole definition. Only the comments of Python files are read as
 * comments (tree-sitter); in other files the text of the line is searched.
 *
 * Suppression silences findings, never edits: a rewrite the transforms make is made whatever
 * the comments say (leaving part of a rewrite out could break the code; leave a file out with
 * `exclude`, or run only the transforms you want). Errors (a file skipped, a change dropped) are
 * never silenced. Suppressed findings are left out of the summary, `--json` and MIGRATION.md, and
 * counted on the summary's last line.
 */
import { Finding } from './findings';
import { parsePython, SyntaxNode } from './python/parser';
import { Project } from './project';

const MARK = /(?:#|--)\s*stcodemod:\s*ignore(?:\[([^\]\n]*)\])?/;
const DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition']);

/** Which codes a comment silences. */
type CodeFilter = (code: string) => boolean;

/** Removes the findings the comments of their files silence; returns how many. */
export function suppressFindings(project: Project): number {
  let suppressed = 0;
  for (const path of project.findings.paths()) {
    const text = project.peekText(path);
    if (text === undefined || !text.includes('stcodemod:')) continue;
    const marks = path.endsWith('.py') ? pythonMarks(text) : textMarks(text);
    if (marks.lines.size === 0) continue;
    suppressed += project.findings.removeAt(path, text, (finding, line) => finding.kind !== 'error' && silenced(finding, line, marks));
  }
  return suppressed;
}

interface Marks {
  /** By line (1-based). */
  lines: Map<number, CodeFilter>;
  /** Definitions whose header carries a mark: offsets of the whole definition. */
  blocks: { start: number; end: number; filter: CodeFilter }[];
}

function silenced(finding: Finding, line: number | undefined, marks: Marks): boolean {
  if (line !== undefined && marks.lines.get(line)?.(finding.code)) return true;
  const offset = finding.offset;
  return offset !== undefined && marks.blocks.some((block) => offset >= block.start && offset < block.end && block.filter(finding.code));
}

function textMarks(text: string): Marks {
  const lines = new Map<number, CodeFilter>();
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    const filter = markIn(line);
    if (filter) lines.set(index + 1, filter);
  });
  return { lines, blocks: [] };
}

function pythonMarks(text: string): Marks {
  const tree = parsePython(text);
  const lines = new Map<number, CodeFilter>();
  const definitions: SyntaxNode[] = [];
  const visit = (node: SyntaxNode) => {
    if (node.type === 'comment') {
      const filter = markIn(node.text);
      if (filter) lines.set(node.startPosition.row + 1, filter);
      return;
    }
    if (DEFINITIONS.has(node.type)) definitions.push(node);
    for (const child of node.children) visit(child);
  };
  visit(tree.rootNode);
  const blocks: Marks['blocks'] = [];
  for (const definition of definitions) {
    for (const row of headerRows(definition)) {
      const filter = lines.get(row + 1);
      if (filter) blocks.push({ start: definition.startIndex, end: definition.endIndex, filter });
    }
  }
  return { lines, blocks };
}

/** The rows of a definition's decorators and `def`/`class` header, up to its body. */
function headerRows(definition: SyntaxNode): number[] {
  const inner = definition.type === 'decorated_definition' ? definition.childForFieldName('definition') : definition;
  const body = inner?.childForFieldName('body');
  const first = definition.startPosition.row;
  const last = body && body.startPosition.row > (inner?.startPosition.row ?? first) ? body.startPosition.row - 1 : inner?.startPosition.row ?? first;
  if (definition.type !== 'decorated_definition' && definition.parent?.type === 'decorated_definition') return [];
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

function markIn(text: string): CodeFilter | undefined {
  const match = MARK.exec(text);
  if (!match) return undefined;
  if (match[1] === undefined) return () => true;
  const wanted = match[1].split(',').map((code) => code.trim()).filter(Boolean);
  return (code) => wanted.some((entry) => code === entry || code.startsWith(`${entry}/`));
}
