import { Transform } from '../src/transform';
import { cache } from './cache';
import { config } from './config';
import { deps } from './deps';
import { nativeApp } from './native-app';
import { paths } from './paths';
import { runtime } from './runtime';
import { session } from './session';
import { snowflakeModule } from './snowflake-module';
import { streamlitApi } from './streamlit-api';
import { threadSafety } from './thread-safety';
import { versionedSchema } from './versioned-schema';

/**
 * Every transform, in the order `stcodemod all` runs them. Dependency files and project files
 * come before code, so code transforms see the final layout; checks come last.
 */
export const transforms: Transform[] = [
  deps, config, paths, runtime, nativeApp, snowflakeModule, session, streamlitApi, cache, threadSafety, versionedSchema,
];
