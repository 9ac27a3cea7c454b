/**
 * Every migration.sql the snapshot cases hold must run top to bottom in a fresh account once its
 * placeholders are filled: read with the project's SQL lexer, each object is created once and
 * idempotently, one package source is live, no ALTER STREAMLIT ... SET drops an integration an
 * earlier statement gave the app, and every placeholder is spelled `<UPPER_CASE>`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeStatement, findProperty, nameKey, parseSql, Statement } from '../sql';
import { TESTDATA } from './helpers';

function planFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const child = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...planFiles(child));
    else if (/^migration(\.stcodemod)?\.sql$/.test(entry.name) && child.includes(`${path.sep}output${path.sep}`)
      && fs.readFileSync(child, 'utf8').includes('Written by stcodemod')) {
      found.push(child);
    }
  }
  return found;
}

/** The statement's text without its comments and string literals, where placeholders are spelled. */
function codeText(text: string, statement: Statement): string {
  return statement.tokens.filter((token) => token.kind !== 'string').map((token) => token.text).join(' ');
}

function problemsOf(text: string): string[] {
  const parsed = parseSql(text);
  const problems = parsed.errors.map((error) => `lex error at line ${error.line}: ${error.message}`);
  const created = new Set<string>();
  const integrations = new Map<string, Set<string>>();
  let sources = 0;
  for (const statement of parsed.statements) {
    const described = describeStatement(statement, text);
    const head = text.slice(statement.start, statement.end).split('\n')[0];
    if (described.kind === 'create') {
      const key = `${described.type.name} ${described.name ? nameKey(described.name.parts) : '?'}`;
      if (created.has(key)) problems.push(`created twice: ${head}`);
      created.add(key);
      if (!described.ifNotExists && !described.orReplace) problems.push(`not idempotent: ${head}`);
      if (/^CREATE EXTERNAL ACCESS INTEGRATION (IF NOT EXISTS )?PYPI_ACCESS_INTEGRATION\b/i.test(head)) sources++;
    }
    if (/^GRANT DATABASE ROLE SNOWFLAKE\.PYPI_REPOSITORY_USER/i.test(head)) sources++;
    if (described.kind === 'alter' && described.type.name === 'STREAMLIT' && described.name) {
      const list = findProperty(statement.tokens, 'EXTERNAL_ACCESS_INTEGRATIONS');
      if (list?.items) {
        const key = nameKey(described.name.parts);
        const now = new Set(list.items.map((item) => item.map((token) => token.text).join('').toUpperCase()));
        for (const earlier of integrations.get(key) ?? []) if (!now.has(earlier)) problems.push(`${head} drops ${earlier}`);
        integrations.set(key, now);
      }
    }
    for (const placeholder of codeText(text, statement).match(/<\s*[^<>=]*?\s*>/g) ?? []) {
      const inner = placeholder.slice(1, -1).trim();
      if (!/^[A-Z][A-Z0-9_]*$/.test(inner)) problems.push(`placeholder ${placeholder.replace(/\s+/g, '')} in: ${head}`);
    }
  }
  if (sources > 1) problems.push('both package sources are live');
  return problems;
}

test('every migration.sql of the snapshot cases runs top to bottom', () => {
  const files = planFiles(TESTDATA);
  assert.ok(files.length > 10, `only ${files.length} migration.sql files found`);
  const problems = files.flatMap((file) => problemsOf(fs.readFileSync(file, 'utf8')).map((problem) => `${path.relative(TESTDATA, file)}: ${problem}`));
  assert.equal(problems, []);
});

test('the check finds what it is for', () => {
  const bad = [
    "CREATE EXTERNAL ACCESS INTEGRATION IF NOT EXISTS PYPI_ACCESS_INTEGRATION ALLOWED_NETWORK_RULES = (r) ENABLED = TRUE;",
    'GRANT DATABASE ROLE SNOWFLAKE.PYPI_REPOSITORY_USER TO ROLE <app_owner_role>;',
    'CREATE COMPUTE POOL p MIN_NODES = 1;',
    'CREATE COMPUTE POOL IF NOT EXISTS p MIN_NODES = 1;',
    'ALTER STREAMLIT a SET EXTERNAL_ACCESS_INTEGRATIONS = (x, y);',
    'ALTER STREAMLIT a SET EXTERNAL_ACCESS_INTEGRATIONS = (y);',
  ].join('\n');
  assert.equal(problemsOf(bad), [
    'placeholder <app_owner_role> in: GRANT DATABASE ROLE SNOWFLAKE.PYPI_REPOSITORY_USER TO ROLE <app_owner_role>',
    'not idempotent: CREATE COMPUTE POOL p MIN_NODES = 1',
    'created twice: CREATE COMPUTE POOL IF NOT EXISTS p MIN_NODES = 1',
    'ALTER STREAMLIT a SET EXTERNAL_ACCESS_INTEGRATIONS = (y) drops X',
    'both package sources are live',
  ]);
});

test.run();
