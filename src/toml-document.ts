/**
 * TOML files read for range edits. toml-eslint-parser gives every table, key and value with its
 * exact offsets (TOML 1.0, comments kept); edits are splices at those offsets, never a re-print.
 * @iarna/toml, which the engine already trusts, checks that an edited text still parses.
 */
import * as IarnaToml from '@iarna/toml';
import { AST, ParseError, parseTOML } from 'toml-eslint-parser';
import { lineStart, nextLineStart, previousLineStart } from './text-lines';

export type TomlPath = (string | number)[];

/** One `key = value` line, wherever it sits. */
export interface TomlEntry {
  /** The full path of the key: its table's path, then its own (possibly dotted) key. */
  path: TomlPath;
  /** The path of the `[table]` or `[[table]]` it sits under; [] at the top of the file. */
  table: TomlPath;
  node: AST.TOMLKeyValue;
}

export interface TomlTable {
  path: TomlPath;
  kind: 'standard' | 'array';
  node: AST.TOMLTable;
}

/** A half-open range of text. */
export interface Span {
  start: number;
  end: number;
}

export class TomlDocument {
  private tablesValue?: TomlTable[];
  private entriesValue?: TomlEntry[];

  private constructor(
    readonly text: string,
    readonly ast: AST.TOMLProgram,
  ) {}

  /** The parsed document, or the parser's reason with its line, for a one-line report. */
  static parse(text: string): TomlDocument | { error: string } {
    try {
      return new TomlDocument(text, parseTOML(text));
    } catch (error) {
      if (error instanceof ParseError) return { error: `${error.message} (line ${error.lineNumber})` };
      return { error: (error as Error).message };
    }
  }

  /** The `[table]` and `[[table]]` headers, in file order. Computed once: do not change the list. */
  tables(): readonly TomlTable[] {
    this.tablesValue ??= this.ast.body[0].body
      .filter((node): node is AST.TOMLTable => node.type === 'TOMLTable')
      .map((node) => ({ path: node.resolvedKey, kind: node.kind, node }));
    return this.tablesValue;
  }

  /**
   * Every top-level or table-level `key = value` (keys inside inline tables are part of their
   * value). Computed once: do not change the list.
   */
  entries(): readonly TomlEntry[] {
    this.entriesValue ??= this.collectEntries();
    return this.entriesValue;
  }

  private collectEntries(): TomlEntry[] {
    const entries: TomlEntry[] = [];
    for (const node of this.ast.body[0].body) {
      if (node.type === 'TOMLKeyValue') {
        entries.push({ path: keyPath(node.key), table: [], node });
      } else {
        for (const entry of node.body) {
          entries.push({ path: [...node.resolvedKey, ...keyPath(entry.key)], table: node.resolvedKey, node: entry });
        }
      }
    }
    return entries;
  }

  /** The key of an entry or table header as written, e.g. `sleep.timeout` or `"a b".c`. */
  keyText(node: AST.TOMLKeyValue | AST.TOMLTable): string {
    return this.text.slice(node.key.range[0], node.key.range[1]);
  }

  /** The text of a value as written. */
  valueText(entry: TomlEntry): string {
    return this.text.slice(entry.node.value.range[0], entry.node.value.range[1]);
  }

  /**
   * The whole lines a node is written on, with the comment lines directly above it (no blank
   * line between): what moves or goes with it. The end is past its line break.
   */
  linesOf(node: { range: [number, number] }): Span {
    return { start: leadingCommentStart(this.text, lineStart(this.text, node.range[0])), end: nextLineStart(this.text, node.range[1]) };
  }

  /**
   * A table from its lead (comment lines directly above its header) up to the lead of the next
   * table, or the end of the file: blank lines and loose comments after its last entry go with it.
   */
  tableSpan(table: TomlTable): Span {
    const tables = this.tables();
    const next = tables[tables.findIndex((t) => t.node === table.node) + 1];
    return { start: this.linesOf(table.node).start, end: next ? this.linesOf(next.node).start : this.text.length };
  }

  /** The top-level entries, before the first table header. */
  topLevelEnd(): number {
    const first = this.tables()[0];
    return first ? this.linesOf(first.node).start : this.text.length;
  }
}

/** True when the text parses as TOML (checked with a second, independent parser). */
export function isValidToml(text: string): boolean {
  return tomlError(text) === undefined;
}

export interface TomlError {
  message: string;
  offset: number;
}

/** Why the text is not valid TOML (by @iarna/toml), or undefined when it is. */
export function tomlError(text: string): TomlError | undefined {
  try {
    IarnaToml.parse(text);
    return undefined;
  } catch (error) {
    const { message, pos } = error as { message: string; pos?: number };
    return { message: message.split('\n')[0].replace(/ at row \d+, col \d+, pos \d+:?$/, ''), offset: pos ?? 0 };
  }
}

export function keyPath(key: AST.TOMLKey): string[] {
  return key.keys.map((part) => (part.type === 'TOMLBare' ? part.name : part.value));
}

export function samePath(a: TomlPath, b: TomlPath): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

export function startsWithPath(path: TomlPath, prefix: TomlPath): boolean {
  return prefix.length <= path.length && prefix.every((part, index) => part === path[index]);
}

/** `a.b."c d"` for messages. */
export function formatPath(path: TomlPath): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z0-9_-]+$/.test(part) ? part : JSON.stringify(part)))
    .join('.').replace(/\.\[/g, '[');
}



/** The start of the run of comment-only lines that ends right above `start` (a line start). */
function leadingCommentStart(text: string, start: number): number {
  let current = start;
  while (current > 0) {
    const previous = previousLineStart(text, current);
    if (!text.slice(previous, current).trim().startsWith('#')) break;
    current = previous;
  }
  return current;
}

export { lineStart, nextLineStart, previousLineStart };
