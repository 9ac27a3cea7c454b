/** The package-index rules, shared with the native-app transform: src/package-index.ts. */
export { needsPackageIndex, requirementsOf } from '../../src/package-index';
