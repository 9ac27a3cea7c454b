import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSql, readPut } from '.';

function puts(text: string): [string, string, string][] {
  return parseSql(text).statements.flatMap((statement) => {
    const put = readPut(statement, text);
    return put ? [[text.slice(put.local.start, put.local.end), put.localPath, put.stage] as [string, string, string]] : [];
  });
}

test('reads the local file and the stage of PUT commands, quoted or not', () => {
  const text = [
    'PUT file://app/environment.yml @db.sch.stage/app/ AUTO_COMPRESS = FALSE OVERWRITE = TRUE;',
    "PUT 'file://my app/requirements.txt' '@stage/my app' OVERWRITE = TRUE; -- a comment",
    'put file://src/*.py @~/code;',
    'PUT FILE://Upper/x.py @s;',
    "SELECT 'PUT file://not/a/command.yml @s';",
    'GET @s/x.csv file:///tmp/;',
  ].join('\n');
  assert.equal(puts(text), [
    ['file://app/environment.yml', 'app/environment.yml', '@db.sch.stage/app'],
    ["'file://my app/requirements.txt'", 'my app/requirements.txt', '@stage/my app'],
    ['file://src/*.py', 'src/*.py', '@~/code'],
    ['FILE://Upper/x.py', 'Upper/x.py', '@s'],
  ]);
});

test.run();
