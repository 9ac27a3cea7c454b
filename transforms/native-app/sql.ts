/**
 * The statements the setup script gains for the container runtime (runtime facts, section 7,
 * "Streamlit inside Native Apps"): the app's own compute pool and warehouse, and, when its
 * Streamlit installs packages, the PyPI network rule, the external access integration and the
 * app specification the consumer approves. Every statement is re-runnable (IF NOT EXISTS, OR
 * REPLACE, SET), as a setup script runs again on every upgrade.
 */

export const PYPI_HOSTS = ['pypi.org', 'files.pythonhosted.org'];
export const SPECIFICATION = 'pypi_access';

export interface ContainerObjects {
  pool: string;
  /** The number of Streamlit apps the pool serves, each on a node of its own. */
  streamlits: number;
  /** Set when the app creates its query warehouse. */
  warehouse?: string;
  /** Set when a Streamlit installs packages: the schema that holds the network rule and the integration. */
  packages?: { schema: string; versioned: boolean };
}

export function networkRuleName(schema: string): string {
  return `${schema}.pypi_network_rule`;
}

export function integrationName(schema: string): string {
  return `${schema}.pypi_eai`;
}

/**
 * A versioned schema's old version keeps its Streamlit running for up to three days of inactivity
 * after an upgrade, each Streamlit on a node of its own: room for two versions of each, and one
 * node more (Snowflake's example sizes one Streamlit's pool at MAX_NODES = 3).
 */
export function maxNodes(streamlits: number): number {
  return 2 * streamlits + 1;
}

/** The statements to add for what `missing` says the scripts lack, each as its lines. */
export function containerStatements(objects: ContainerObjects, missing: (kind: string, name: string) => boolean): string[][] {
  const statements: string[][] = [];
  if (missing('COMPUTE POOL', objects.pool)) {
    statements.push([
      `CREATE COMPUTE POOL IF NOT EXISTS ${objects.pool}`,
      '  MIN_NODES = 1',
      `  MAX_NODES = ${maxNodes(objects.streamlits)}`,
      '  INSTANCE_FAMILY = CPU_X64_S',
      '  AUTO_RESUME = TRUE;',
    ]);
  }
  if (objects.warehouse && missing('WAREHOUSE', objects.warehouse)) {
    statements.push([
      `CREATE WAREHOUSE IF NOT EXISTS ${objects.warehouse}`,
      '  WAREHOUSE_SIZE = XSMALL',
      '  AUTO_SUSPEND = 60',
      '  AUTO_RESUME = TRUE',
      '  INITIALLY_SUSPENDED = TRUE;',
    ]);
  }
  const packages = objects.packages;
  if (packages) {
    // Each version has its own copy in a versioned schema, so OR REPLACE there; a normal schema keeps one.
    const create = packages.versioned ? 'CREATE OR REPLACE' : 'CREATE';
    const ifNotExists = packages.versioned ? '' : ' IF NOT EXISTS';
    const hosts = PYPI_HOSTS.map((host) => `'${host}'`).join(', ');
    const rule = networkRuleName(packages.schema);
    const integration = integrationName(packages.schema);
    if (missing('NETWORK RULE', rule)) {
      statements.push([`${create} NETWORK RULE${ifNotExists} ${rule}`, '  MODE = EGRESS', '  TYPE = HOST_PORT', `  VALUE_LIST = (${hosts});`]);
    }
    if (missing('EXTERNAL ACCESS INTEGRATION', integration)) {
      statements.push([`${create} EXTERNAL ACCESS INTEGRATION${ifNotExists} ${integration}`, `  ALLOWED_NETWORK_RULES = (${rule})`,
        '  ENABLED = TRUE;']);
    }
    if (missing('SPECIFICATION', SPECIFICATION)) {
      statements.push([
        `ALTER APPLICATION SET SPECIFICATION ${SPECIFICATION}`,
        '  TYPE = EXTERNAL_ACCESS',
        "  LABEL = 'PyPI'",
        "  DESCRIPTION = 'Install the Python packages of the app''s Streamlit from PyPI'",
        `  HOST_PORTS = (${hosts});`,
      ]);
    }
  }
  return statements;
}

/** Keywords in lower case outside quotes, for a script written in lower case. */
export function lowerCased(line: string): string {
  return line.split(/('(?:[^']|'')*')/).map((part, index) => (index % 2 === 1 ? part : part.toLowerCase())).join('');
}
