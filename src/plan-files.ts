/**
 * The migration plan's files (MIGRATION.md and migration.sql, written by the runtime transform).
 * The engine's inventory reads them too: an app an earlier run of stcodemod migrated carries on
 * being migrated, though its declaration already names the container runtime.
 */
import * as posix from 'node:path/posix';
import { Project } from './project';

/** Each plan file's name, and the name used when the user has a file of their own by the first name. */
export const PLAN_FILES = { markdown: ['MIGRATION.md', 'MIGRATION.stcodemod.md'], sql: ['migration.sql', 'migration.stcodemod.sql'] };
const PLAN_NAMES = new Set([...PLAN_FILES.markdown, ...PLAN_FILES.sql]);
/** Both plan files carry this line; a file without it is the user's own and is never overwritten. */
const PLAN_MARKER = 'Written by stcodemod';

/** A plan file an earlier run wrote (by its name and marker line), which is no code of the app's. */
export function isGeneratedPlan(project: Project, path: string): boolean {
  if (!PLAN_NAMES.has(posix.basename(path))) return false;
  const text = project.peekText(path);
  return text === undefined || text.includes(PLAN_MARKER);
}

/** The text of the MIGRATION.md an earlier run wrote in a folder, if there is one. */
export function earlierPlan(project: Project, folder: string): string | undefined {
  for (const name of PLAN_FILES.markdown) {
    const path = folder === '' ? name : `${folder}/${name}`;
    if (project.has(path) && isGeneratedPlan(project, path)) return project.peekText(path);
  }
  return undefined;
}
