/**
 * Deploy scripts that upload an app's files one by one (`PUT file://environment.yml @stage/app ...`):
 * once the environment file is gone, its PUT fails ("file not found"), and the new dependency file
 * is uploaded by nothing. The PUT of the environment file becomes a PUT of the new file, with the
 * same stage and options; it goes when there is no new file, or when the script uploads it already.
 * Read with the shared SQL lexer, so that strings and comments are never mistaken for commands.
 */
import * as posix from 'node:path/posix';
import { putLocalPaths } from './inventory/declared';
import { Project } from './project';
import { parseSql, PutCommand, readPut, Statement } from './sql';
import { TextEdit } from './text-edit';
import { lineStart, nextLineStart } from './text-lines';
import { Reporter } from './transform';

interface Upload {
  statement: Statement;
  put: PutCommand;
  /** The project paths its local side may mean. */
  locals: string[];
}

/**
 * The SQL scripts that may upload one of the environment files: those whose text names one. Asked
 * once per run, so that each script is looked at once, however many environment files there are.
 */
export function scriptsNaming(project: Project, environments: string[]): string[] {
  const names = [...new Set(environments.map((environment) => posix.basename(environment)))];
  if (names.length === 0) return [];
  return project.paths().filter((path) => path.endsWith('.sql') && names.some((name) => project.peekText(path)?.includes(name)));
}

/** Points every PUT of `environment` in `scripts` at `replacement`, or removes it; reports each change. */
export function retargetUploads(project: Project, scripts: string[], environment: string, replacement: string | undefined,
  report: Reporter): void {
  const name = posix.basename(environment);
  for (const script of scripts) {
    const text = project.read(script)?.text;
    if (text === undefined || !text.includes(name)) continue;
    const uploads = uploadsOf(script, text);
    if (!uploads) continue;
    const edit = project.edit(script);
    const changes: { offset: number; message: string }[] = [];
    for (const upload of uploads.filter((candidate) => namesFile(candidate, environment))) {
      const stage = upload.put.stage;
      const elsewhere = replacement !== undefined && uploads.some((other) => other !== upload && uploadsFile(other, replacement)
        && other.put.stage.toLowerCase() === stage.toLowerCase());
      if (replacement !== undefined && !elsewhere) {
        const newName = posix.basename(replacement);
        const { start, end } = upload.put.local;
        const written = text.slice(start, end);
        const at = written.lastIndexOf(name);
        edit.replace(start + at, start + at + name.length, newName);
        changes.push({ offset: upload.statement.start, message: `the PUT of ${name} now uploads ${newName} to \`${stage}\`, where the container runtime reads it` });
      } else if (removeStatement(edit, text, upload.statement)) {
        changes.push({
          offset: upload.statement.start,
          message: `removed the PUT of ${name}, which is gone${replacement ? ` (another PUT of the script uploads ${posix.basename(replacement)})` : ''}`,
        });
      } else {
        report.manual({
          code: 'put-left',
          message: `the PUT of ${name} shares its line with other SQL: ${replacement && !elsewhere ? `upload ${posix.basename(replacement)} instead` : 'remove it'}, or the script fails on the missing file`,
          path: script,
          offset: upload.statement.start,
        });
      }
    }
    project.commit(script, edit);
    for (const change of changes) report.info({ code: 'put-updated', message: change.message, path: script, offset: edit.mapOffset(change.offset) });
  }
}

/**
 * A file the run created beside files a deploy script uploads one by one (a generated
 * `snowflake_api.py` next to `app.py`) gets a PUT of its own, after the first PUT of a file of
 * its folder, with the same stage and options: the deployed app imports it, and fails at start-up
 * without it. A script that uploads the folder with a glob uploads it already.
 */
export function uploadNewFiles(project: Project, created: string[], report: Reporter): void {
  if (created.length === 0) return;
  const folders = new Set(created.map((file) => posix.dirname(file)));
  for (const script of project.paths()) {
    if (!script.endsWith('.sql')) continue;
    const text = project.read(script)?.text;
    if (text === undefined || !/\bPUT\b/i.test(text)) continue;
    const uploads = uploadsOf(script, text);
    if (!uploads) continue;
    const edit = project.edit(script);
    const added: { offset: number; message: string }[] = [];
    for (const file of created) {
      if (!folders.has(posix.dirname(file)) || uploads.some((upload) => uploadsFile(upload, file))) continue;
      const sibling = uploads.find((upload) => !/[*?]/.test(upload.put.localPath)
        && upload.locals.some((local) => posix.dirname(local) === posix.dirname(file)));
      if (!sibling) continue;
      const { start, end } = sibling.put.local;
      const written = text.slice(start, end);
      const siblingName = posix.basename(sibling.locals.find((local) => posix.dirname(local) === posix.dirname(file))!);
      const at = written.lastIndexOf(siblingName);
      if (at === -1) continue;
      const statementEnd = sibling.statement.terminator?.end ?? sibling.statement.end;
      const lineEnd = nextLineStart(text, statementEnd);
      const eol = text.slice(statementEnd, lineEnd).includes('\r\n') ? '\r\n' : '\n';
      const statementText = text.slice(sibling.statement.start, statementEnd);
      const localAt = start - sibling.statement.start + at;
      const put = `${statementText.slice(0, localAt)}${posix.basename(file)}${statementText.slice(localAt + siblingName.length)}`;
      const indent = text.slice(lineStart(text, sibling.statement.start), sibling.statement.start);
      edit.insert(lineEnd === statementEnd ? statementEnd : lineEnd, `${lineEnd === statementEnd ? eol : ''}${indent}${put}${eol}`);
      added.push({ offset: sibling.statement.start, message: `added a PUT of ${posix.basename(file)} to \`${sibling.put.stage}\`: the app imports it, and the stage had no copy of it` });
    }
    project.commit(script, edit);
    for (const change of added) report.info({ code: 'put-added', message: change.message, path: script, offset: edit.mapOffset(change.offset) });
  }
}

/**
 * The PUT commands of a script, with the project files each may upload; undefined for a script that
 * does not lex (the runtime transform reports it and leaves it untouched too).
 */
function uploadsOf(script: string, text: string): Upload[] | undefined {
  const parsed = parseSql(text);
  if (parsed.errors.length > 0) return undefined;
  return parsed.statements.filter((statement) => !statement.block).flatMap((statement) => {
    const put = readPut(statement, text);
    return put ? [{ statement, put, locals: putLocalPaths(put, script) }] : [];
  });
}

/** Whether the PUT names that project file (a glob that matches it is not changed: it uploads what is there). */
function namesFile(upload: Upload, path: string): boolean {
  return upload.locals.includes(path) || (upload.put.localPath.startsWith('/') && upload.put.localPath.endsWith(`/${path}`));
}

/** Whether the PUT uploads that project file: by its path, or by a glob of its folder that matches its name. */
function uploadsFile(upload: Upload, path: string): boolean {
  return namesFile(upload, path) || upload.locals.some((local) => /[*?]/.test(posix.basename(local))
    && posix.dirname(local) === posix.dirname(path) && globMatches(posix.basename(local), posix.basename(path)));
}

function globMatches(glob: string, name: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`).test(name);
}

/** Removes a statement with its `;` and its line, when nothing else is on that line. */
function removeStatement(edit: TextEdit, text: string, statement: Statement): boolean {
  const start = lineStart(text, statement.start);
  const end = statement.terminator?.end ?? statement.end;
  if (text.slice(start, statement.start).trim() !== '') return false;
  const after = nextLineStart(text, end);
  if (text.slice(end, after).trim() !== '') return false;
  edit.remove(start, after);
  return true;
}
