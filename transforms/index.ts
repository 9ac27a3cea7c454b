import { Transform } from '../src/transform';
import { cache } from './cache';
import { session } from './session';

/**
 * Every transform, in the order `stcodemod all` runs them. Dependency files and project files
 * come before code, so code transforms see the final layout; checks come last.
 */
export const transforms: Transform[] = [session, cache];
