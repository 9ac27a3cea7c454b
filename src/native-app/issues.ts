/**
 * What the setup-script analysis reports, independent of who shows it: the `versioned-schema`
 * transform turns `error` into a manual step and `unprocessable` into an error finding;
 * `stcodemod upgrade-check` shows them as they are.
 */
export type IssueLevel =
  /** A mistake that breaks installs or upgrades; the provider must fix it. */
  | 'error'
  | 'warning'
  | 'info'
  /** A file that could not be read or lexed: nothing in it was checked or changed. */
  | 'unprocessable';

export interface Issue {
  level: IssueLevel;
  /** A stable slug, e.g. `task-in-versioned-schema`. */
  code: string;
  message: string;
  /** Project path and offset into that file's text. */
  path?: string;
  offset?: number;
  snippet?: string;
}
