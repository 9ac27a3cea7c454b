import { Transform } from '../src/transform';
import { session } from './session';
import { streamlitApi } from './streamlit-api';
import { threadSafety } from './thread-safety';

/**
 * Every transform, in the order `stcodemod all` runs them. Dependency files and project files
 * come before code, so code transforms see the final layout; checks come last.
 */
export const transforms: Transform[] = [session, streamlitApi, threadSafety];
