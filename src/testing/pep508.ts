import { spawnSync } from 'node:child_process';

/**
 * The lines that Python's own parser rejects as PEP 508 requirements, each with its reason. One
 * python3 call for all lines. pip vendors `packaging`; its `Requirement` also accepts legacy
 * version specifiers, so every specifier is parsed again with the strict PEP 440 `Specifier`.
 */
export function pep508Errors(lines: string[]): string[] {
  if (lines.length === 0) return [];
  const script = [
    'import json, sys',
    'from pip._vendor.packaging.requirements import Requirement',
    'from pip._vendor.packaging.specifiers import Specifier',
    'for line in json.load(sys.stdin):',
    '    try:',
    '        requirement = Requirement(line)',
    '        for specifier in requirement.specifier:',
    '            Specifier(str(specifier))',
    '    except Exception as error:',
    '        print(json.dumps(f"{line}: {error}"))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(lines), encoding: 'utf8' });
  if (result.status !== 0) return [`python3 failed: ${result.stderr}`];
  return result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as string);
}
