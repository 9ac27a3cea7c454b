import { Transform } from '../src/transform';
import { deps } from './deps';
import { session } from './session';

/**
 * Every transform, in the order `stcodemod all` runs them. Dependency files and project files
 * come before code, so code transforms see the final layout; checks come last.
 */
export const transforms: Transform[] = [deps, session];
