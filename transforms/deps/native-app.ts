/**
 * A Native App's Streamlit that calls the Native Apps permission SDK (`import snowflake.permissions`)
 * needs `snowflake-native-apps-permission` among its packages on the container runtime too, or
 * the import fails with ModuleNotFoundError (runtime facts, section 7).
 */
import { Inventory, StreamlitApp } from '../../src/inventory';
import { canonicalName } from '../../src/pep508';
import { Project } from '../../src/project';
import { Conversion } from './convert';

export const PERMISSION_SDK = 'snowflake-native-apps-permission';

const IMPORTS_PERMISSIONS = /^[ \t]*(import[ \t]+snowflake\.permissions\b|from[ \t]+snowflake\.permissions[ \t]+import\b|from[ \t]+snowflake[ \t]+import[ \t]+[^#\r\n]*\bpermissions\b)/m;

/** The app's Python file that imports the permission SDK, if one does. */
export function permissionSdkImporter(project: Project, inventory: Inventory, app: StreamlitApp): string | undefined {
  return project.paths().find((path) => path.endsWith('.py') && inventory.appOf(path) === app && inventory.notAppCode(path) === undefined
    && IMPORTS_PERMISSIONS.test(project.peekText(path) ?? ''));
}

/** The conversion with the permission SDK added when the app's code imports it and the environment does not list it. */
export function withPermissionSdk(conversion: Conversion, importer: string | undefined): Conversion {
  if (importer === undefined || conversion.requirements.some(({ requirement }) => canonicalName(requirement.name) === PERMISSION_SDK)) {
    return conversion;
  }
  return {
    ...conversion,
    requirements: [...conversion.requirements, {
      requirement: { name: PERMISSION_SDK, extras: [], specifier: '' }, fromPip: false, source: `import in ${importer}`, offset: 0,
    }],
    notes: [...conversion.notes, {
      kind: 'info', code: 'permission-sdk', name: PERMISSION_SDK,
      message: `added \`${PERMISSION_SDK}\`: ${importer} imports snowflake.permissions, which the container runtime installs only when it is listed`,
    }],
  };
}
