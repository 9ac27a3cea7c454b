/**
 * `PUT file://<local> @<stage>[/<folder>] [options]`: the client command deploy scripts upload an
 * app's files with. Read from a statement's tokens, so that a path in quotes, a `/*` in a glob and
 * a comment after the command are told apart.
 */
import { Statement } from './statements';
import { isWord } from './syntax';

export interface PutCommand {
  /** The local side as written, quotes and `file://` included: offsets into the script. */
  local: { start: number; end: number };
  /** The local path without `file://`: `app/environment.yml`, `./*.py`, `/tmp/x.csv`. */
  localPath: string;
  /** The stage location without quotes or trailing slashes: `@db.sch.stage/app`. */
  stage: string;
}

const FILE_URL = /^'?file:\/\/([^'\s]+)'?/i;

export function readPut(statement: Statement, source: string): PutCommand | undefined {
  const tokens = statement.tokens;
  if (!isWord(tokens[0], 'PUT') || tokens.length < 2) return undefined;
  const first = tokens[1];
  let start = first.start;
  let end: number;
  let localPath: string;
  if (first.kind === 'string' || first.kind === 'url') {
    const match = FILE_URL.exec(first.text);
    if (!match) return undefined;
    end = first.end;
    localPath = first.kind === 'string' ? first.value!.replace(/^file:\/\//i, '') : match[1];
  } else {
    // `FILE://...` in capitals is no URL token for the clients' splitter, but PUT still reads it.
    const match = /^file:\/\/\S+/i.exec(source.slice(first.start, statement.end));
    if (!match) return undefined;
    start = first.start;
    end = first.start + match[0].length;
    localPath = match[0].slice('file://'.length);
  }
  const stageToken = tokens.find((token) => token.start >= end);
  if (!stageToken) return undefined;
  const stage = stageToken.kind === 'string' ? stageToken.value ?? '' : stageToken.text;
  if (!stage.startsWith('@')) return undefined;
  return { local: { start, end }, localPath, stage: stage.replace(/\/+$/, '') };
}
