/** The integration migration.sql creates and snowflake.yml lists; the package-index rules are shared (src/package-index.ts). */
export { needsPackageIndex, requirementsOf } from '../../src/package-index';

export const PYPI_INTEGRATION = 'PYPI_ACCESS_INTEGRATION';
