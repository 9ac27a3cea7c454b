/**
 * The app inventory's model: what each Streamlit app in the target is, and which code is not app
 * code. It is worked out once, from the files as they are when the run starts, and every
 * transform and the plan read it (see index.ts).
 */

/** How an app was found, strongest evidence first. */
export type FoundBy = 'snowflake.yml' | 'sql' | 'native-app' | 'dependency-file' | 'convention';

/** The runtime the app's declaration puts it on before the run. */
export type Runtime = 'warehouse' | 'container' | 'unknown';

export type AppKind = 'standalone' | 'native-app';

/** Where an app's files are: what module resolution and the runtime's folder rules need of an app. */
export interface AppLayout {
  /** The app's source root (Streamlit's working directory when deployed); '' for the target itself. */
  root: string;
  /** The entry file, when known. */
  mainFile?: string;
}

/** A Streamlit app found in the target. All paths are project paths (relative to the target). */
export interface StreamlitApp extends AppLayout {
  /** The Streamlit object's name, when a declaration gives it. */
  name?: string;
  /** The snowflake.yml that declares the app, if any. */
  definition?: string;
  /** The entity key in a definition_version 2 file (or `streamlit` for version 1). */
  entityKey?: string;
  foundBy: FoundBy;
  /** How it was found, for people: "snowflake.yml entity `dashboard`", "CREATE STREAMLIT in deploy.sql:3". */
  how: string;
  kind: AppKind;
  runtime: Runtime;
  /** The pages folder beside the entry file, when it exists. */
  pagesDir?: string;
  /** The SQL statements that create the app (`CREATE STREAMLIT`), by file and offset. */
  createdBy: SqlLocation[];
  /**
   * Its conda environment and PyPI dependency files, as they were before the run: those in the
   * folders the runtimes read (source root down to the entry file's folder), and any environment
   * file its snowflake.yml declares (`env_file`, an artifact), wherever it is.
   */
  dependencyFiles: string[];
  /**
   * Why stcodemod cannot write the container runtime into the app's declaration, when it cannot
   * (a version 1 definition it cannot convert, a flow-style entity): its dependencies and code
   * must not move without it, so the whole app is left alone.
   */
  declarationProblem?: DeclarationProblem;
  /** Why the entry file cannot be told, for an app found by its files alone: the app is left alone. */
  unclearEntry?: string;
  /** Why the run leaves the app as it is (already on the container runtime, ...); undefined: it is migrated. */
  leftAlone?: string;
}

export interface DeclarationProblem {
  kind: 'unconvertible-v1' | 'flow-entity';
  /** What to do, for a manual step. */
  step: string;
  path: string;
  offset?: number;
}

export interface SqlLocation {
  path: string;
  offset: number;
}

/** Why a piece of code or a file is not the code of any app the run migrates. */
export type NotAppCodeKind =
  | 'handler' | 'mixed' | 'notebook' | 'library' | 'test' | 'generated' | 'outside-apps' | 'not-run-by-app' | 'app-left-alone';

export interface NotAppCode {
  /** A file, or a folder (ends without a slash) whose files all share the reason. */
  path: string;
  kind: NotAppCodeKind;
  reason: string;
}
