/**
 * Why a command stopped before its result: one line for the user (and, with `--json`, one JSON
 * document on stdout), a stable code, and the exit code. Never a stack trace.
 */
export class CliError extends Error {
  constructor(
    /** `stcodemod/<slug>`, documented by `stcodemod explain`. */
    readonly code: string,
    message: string,
    readonly exitCode: number,
    /** A line to add in text output (e.g. where to find the usage). */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Bad usage: an unknown option, transform or argument, a missing path. Exit 2. */
export class UsageError extends CliError {
  constructor(message: string, command?: string) {
    super('stcodemod/usage', message, 2, `Run 'stcodemod ${command ? `${command} ` : ''}--help' for usage.`);
  }
}

/** The `--json` document of an error: `{"error": {...}, "exitCode": N}`. */
export function errorJson(error: CliError, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 1, error: { code: error.code, message: error.message, ...extra }, exitCode: error.exitCode }, null, 2) + '\n';
}
