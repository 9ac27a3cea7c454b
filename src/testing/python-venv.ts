/**
 * The Python environment of the tests that run Python code: `.venv-test/` at the repository root,
 * with streamlit and pyflakes, made by `.ci/python-venv` from the wheels kept on the machine.
 * CI makes it before `npm test`; a test that needs it makes it here when it is missing, and
 * fails with one clear line when that cannot be done.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPOSITORY } from './helpers';

const VENV_PYTHON = path.join(REPOSITORY, '.venv-test', 'bin', 'python');
const SCRIPT = path.join(REPOSITORY, '.ci', 'python-venv');
let ready: string | undefined;

/** The venv's python, made first if needed; throws with a clear message when it cannot be. */
export function testPython(): string {
  if (ready) return ready;
  if (!importsStreamlit()) {
    const made = spawnSync(SCRIPT, { cwd: REPOSITORY, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (made.status !== 0 || !importsStreamlit()) {
      const reason = (made.stderr || made.stdout || made.error?.message || '').trim().split('\n').pop();
      throw new Error(`these tests run Python code in .venv-test/ (python3 with streamlit and pyflakes), and `
        + `.ci/python-venv could not make it${reason ? `: ${reason}` : ''}; run .ci/python-venv and read its output`);
    }
  }
  ready = VENV_PYTHON;
  return ready;
}

function importsStreamlit(): boolean {
  return fs.existsSync(VENV_PYTHON)
    && spawnSync(VENV_PYTHON, ['-c', 'import streamlit, pyflakes'], { stdio: 'ignore' }).status === 0;
}
