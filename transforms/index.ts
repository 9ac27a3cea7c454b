import { Transform } from '../src/transform';
import { config } from './config';
import { paths } from './paths';
import { runtime } from './runtime';
import { session } from './session';

/**
 * Every transform, in the order `stcodemod all` runs them. Dependency files and project files
 * come before code, so code transforms see the final layout; checks come last.
 * Planned: deps, config, paths, runtime, snowflake-module, session, streamlit-api, cache,
 * thread-safety, versioned-schema.
 */
export const transforms: Transform[] = [config, paths, runtime, session];
