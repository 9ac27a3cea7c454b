import { spawnSync } from 'node:child_process';

export type WorkTreeState = 'clean' | 'dirty' | 'not-a-repo';

/**
 * Whether the target has uncommitted work that a rewrite could mix with its own changes.
 * Untracked files count: a run may create or overwrite them, and git could not give them back.
 */
export function workTreeState(target: string): WorkTreeState {
  const inside = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: target, encoding: 'utf8' });
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') return 'not-a-repo';
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=all', '--', '.'], {
    cwd: target,
    encoding: 'utf8',
  });
  if (status.status !== 0) return 'not-a-repo';
  return status.stdout.trim() === '' ? 'clean' : 'dirty';
}
