/**
 * The Python files of the benchmark corpus, shaped like the code of real Streamlit-in-Snowflake
 * apps: scripts (entry files and pages) that set up widgets, query Snowflake with f-string SQL
 * and show the results, some in functions (cached or not) and most at module level; helper
 * modules of query functions that the pages import; and a few plain modules. Every file is
 * valid Python; its length, its number of functions and its number of queries follow the plan
 * it is given. Written for the benchmark, from no public code.
 */

export type Random = () => number;
export type FileKind = 'entry' | 'page' | 'helper' | 'plain';

export const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
export const between = (rand: Random, low: number, high: number) => low + Math.floor(rand() * (high - low + 1));

// ---------------------------------------------------------------------------------------------
// What the apps are about: a database per theme, its tables, their columns and values

interface Table {
  name: string;
  id: string;
  date: string;
  /** Dimension columns and a few of their values. */
  dims: Array<{ column: string; values: string[] }>;
  measures: string[];
}

export interface Theme {
  title: string;
  database: string;
  schema: string;
  tables: Table[];
  /** Where the app's forms insert. */
  notes: string;
}

/** `ORDERS: ORDER_ID ORDER_DATE | REGION=EMEA,AMER CHANNEL=Web,Retail | AMOUNT QUANTITY` */
function table(spec: string): Table {
  const [head, dims, measures] = spec.split('|').map((part) => part.trim());
  const [name, keys] = head.split(':').map((part) => part.trim());
  const [id, date] = keys.split(/\s+/);
  return {
    name,
    id,
    date,
    dims: dims.split(/\s+/).map((dim) => {
      const [column, values] = dim.split('=');
      return { column, values: values.split(',') };
    }),
    measures: measures.split(/\s+/),
  };
}

export const THEMES: Theme[] = [
  {
    title: 'Sales', database: 'SALES_DB', schema: 'PUBLIC', notes: 'ORDER_NOTES',
    tables: [
      table('ORDERS: ORDER_ID ORDER_DATE | REGION=EMEA,AMER,APAC CHANNEL=Web,Retail,Partner STATUS=OPEN,SHIPPED,CANCELLED | AMOUNT QUANTITY DISCOUNT'),
      table('CUSTOMERS: CUSTOMER_ID SIGNUP_DATE | SEGMENT=Enterprise,SMB,Consumer COUNTRY=DE,FR,US,JP | LIFETIME_VALUE ORDER_COUNT'),
      table('RETURNS: RETURN_ID RETURN_DATE | REASON=Damaged,Late,Wrong_item REGION=EMEA,AMER,APAC | REFUND_AMOUNT ITEMS'),
    ],
  },
  {
    title: 'Supply chain', database: 'SUPPLY_CHAIN', schema: 'OPS', notes: 'SHIPMENT_COMMENTS',
    tables: [
      table('SHIPMENTS: SHIPMENT_ID SHIP_DATE | CARRIER=DHL,UPS,Maersk WAREHOUSE=HAM,ROT,MEM | WEIGHT_KG COST DELAY_HOURS'),
      table('INVENTORY: SKU SNAPSHOT_DATE | WAREHOUSE=HAM,ROT,MEM CATEGORY=Parts,Tools,Packaging | ON_HAND RESERVED REORDER_POINT'),
      table('SUPPLIERS: SUPPLIER_ID ONBOARDED_ON | COUNTRY=CN,VN,MX,PL TIER=Gold,Silver,Bronze | LEAD_TIME_DAYS DEFECT_RATE'),
    ],
  },
  {
    title: 'Finance', database: 'FINANCE', schema: 'REPORTING', notes: 'CLOSE_CHECKLIST',
    tables: [
      table('INVOICES: INVOICE_ID INVOICE_DATE | BUSINESS_UNIT=Retail,Wholesale,Services CURRENCY=EUR,USD,GBP | AMOUNT TAX OUTSTANDING'),
      table('BUDGETS: BUDGET_ID PERIOD_START | COST_CENTER=CC100,CC200,CC300 ACCOUNT=Travel,Software,Payroll | PLANNED ACTUAL'),
      table('EXPENSES: EXPENSE_ID SPENT_ON | CATEGORY=Meals,Hotel,Flights TEAM=Sales,Engineering,Ops | AMOUNT MILES'),
    ],
  },
  {
    title: 'Marketing', database: 'MARKETING', schema: 'ANALYTICS', notes: 'CAMPAIGN_FEEDBACK',
    tables: [
      table('CAMPAIGNS: CAMPAIGN_ID START_DATE | CHANNEL=Search,Social,Email OBJECTIVE=Awareness,Leads,Sales | SPEND IMPRESSIONS CLICKS'),
      table('LEADS: LEAD_ID CREATED_DATE | SOURCE=Webinar,Ads,Referral STAGE=New,Qualified,Won,Lost | SCORE DEAL_SIZE'),
      table('WEB_SESSIONS: SESSION_ID VISIT_DATE | DEVICE=Desktop,Mobile,Tablet COUNTRY=DE,US,BR | PAGE_VIEWS DURATION_SEC'),
    ],
  },
  {
    title: 'Support', database: 'SUPPORT', schema: 'HELPDESK', notes: 'TICKET_NOTES',
    tables: [
      table('TICKETS: TICKET_ID OPENED_AT | PRIORITY=P1,P2,P3 TEAM=Billing,Platform,Mobile STATUS=Open,Pending,Closed | RESOLUTION_HOURS REOPENS'),
      table('AGENTS: AGENT_ID HIRED_ON | TEAM=Billing,Platform,Mobile SHIFT=Early,Late,Night | TICKETS_CLOSED CSAT'),
      table('SLA_BREACHES: BREACH_ID BREACHED_AT | PRIORITY=P1,P2,P3 TEAM=Billing,Platform,Mobile | MINUTES_LATE'),
    ],
  },
];

const lower = (name: string) => name.toLowerCase();
const label = (name: string) => name.charAt(0) + name.slice(1).toLowerCase().replace(/_/g, ' ');

// ---------------------------------------------------------------------------------------------
// One file being written

/** A function of the app that returns a DataFrame, and how to call it. */
export interface Loader {
  name: string;
  params: string[];
  table: Table;
  /** The module it lives in, for `from <module> import <name>`; undefined when it is in this file. */
  module?: string;
}

export interface PythonFile {
  text: string;
  lines: number;
  functions: number;
  queries: number;
  importsStreamlit: boolean;
  /** The loaders it defines, for the pages of its app to import. */
  loaders: Loader[];
  /** The module-level functions it defines. */
  definitions: string[];
}

/** The import lines a file may need, in the order they are written. */
const IMPORT_ORDER = [
  'import datetime',
  'import json',
  'import _snowflake',
  'import altair as alt',
  'import pandas as pd',
  'import streamlit as st',
  'from snowflake.snowpark import Session',
  'from snowflake.snowpark import functions as F',
  'from snowflake.snowpark.context import get_active_session',
];

class FileWriter {
  readonly body: string[] = [];
  readonly imports = new Set<string>();
  readonly fromModules = new Map<string, string[]>();
  readonly variables = new Set<string>();
  names = new Set<string>();
  readonly loaders: Loader[] = [];
  /** Module-level DataFrames, newest last, with the table they came from. */
  readonly frames: Array<{ name: string; table: Table }> = [];
  docstring?: string;
  /** How many of the loaders it writes are cached with st.cache_data already. */
  cachedShare = 0.4;
  functions = 0;
  queries = 0;

  constructor(readonly rand: Random, readonly theme: Theme, readonly kind: FileKind) {}

  need(line: string): void {
    this.imports.add(line);
  }

  write(...lines: string[]): void {
    this.body.push(...lines);
  }

  /** A name not used yet in this file: `base`, else `base_2`, `base_3`, ... */
  fresh(base: string): string {
    let name = base;
    for (let n = 2; this.names.has(name); n++) name = `${base}_${n}`;
    this.names.add(name);
    return name;
  }

  table(): Table {
    return pick(this.rand, this.theme.tables);
  }

  qualified(table: Table): string {
    return `${this.theme.database}.${this.theme.schema}.${table.name}`;
  }

  /** The code text of a value for `param` at module level: a widget's variable when there is one. */
  argument(param: string, table: Table): string {
    if (param === 'session' || param === '_session') return 'session';
    if (this.variables.has(param)) return param;
    if (param === 'start_date' || param === 'end_date') this.need('import datetime');
    if (param === 'start_date') return 'datetime.date.today() - datetime.timedelta(days=90)';
    if (param === 'end_date') return 'datetime.date.today()';
    if (param === 'limit') return String(pick(this.rand, [100, 500, 1000]));
    const dim = table.dims.find((d) => param === `selected_${lower(d.column)}`);
    return dim ? `"${pick(this.rand, dim.values)}"` : 'None';
  }

  text(): string {
    const head: string[] = this.docstring ? [this.docstring] : [];
    for (const line of IMPORT_ORDER) if (this.imports.has(line)) head.push(line);
    for (const [module, names] of this.fromModules) head.push(`from ${module} import ${names.join(', ')}`);
    return `${[...head, '', ...this.body].join('\n').trim()}\n`;
  }
}

// ---------------------------------------------------------------------------------------------
// Functions

type Block = (w: FileWriter) => void;

/** Adds `WHERE`/`AND` conditions on the date range and a dimension, as apps build them in f-strings. */
function whereClause(params: string[], table: Table): string[] {
  const conditions: string[] = [];
  if (params.includes('start_date')) conditions.push(`${table.date} BETWEEN '{start_date}' AND '{end_date}'`);
  for (const dim of table.dims) if (params.includes(`selected_${lower(dim.column)}`)) conditions.push(`${dim.column} = '{selected_${lower(dim.column)}}'`);
  return conditions.map((condition, index) => `${index === 0 ? 'WHERE' : '  AND'} ${condition}`);
}

function loaderParams(w: FileWriter, table: Table, withSession: boolean): string[] {
  const params: string[] = withSession ? ['session'] : [];
  const shape = w.rand();
  if (shape < 0.45) params.push('start_date', 'end_date');
  if (shape > 0.3) params.push(`selected_${lower(pick(w.rand, table.dims).column)}`);
  return params;
}

/** `def load_orders_by_region(session, start_date, end_date): ... session.sql(f"""...""").to_pandas()`, cached or not. */
const aggregateLoader: Block = (w) => {
  const table = w.table();
  const dim = pick(w.rand, table.dims).column;
  const measure = pick(w.rand, table.measures);
  // Scripts often use their module-level session; helpers always take it as a parameter.
  const usesGlobalSession = w.kind !== 'helper' && w.variables.has('session') && w.rand() < 0.35;
  const params = loaderParams(w, table, !usesGlobalSession);
  const cached = w.rand() < w.cachedShare;
  const sessionName = cached && !usesGlobalSession ? '_session' : 'session';
  const signature = params.map((param) => (param === 'session' ? sessionName : param));
  const name = w.fresh(`${pick(w.rand, ['load', 'get', 'fetch', 'query'])}_${lower(table.name)}_by_${lower(dim)}`);
  if (cached) {
    w.need('import streamlit as st');
    w.write(`@st.cache_data(ttl=${pick(w.rand, ['600', '3600', '"1h"', '300'])})`);
  }
  const where = whereClause(params, table);
  w.write(
    `def ${name}(${signature.join(', ')}):`,
    `    query = ${where.length ? 'f' : ''}"""`,
    `        SELECT ${dim},`,
    `               SUM(${measure}) AS TOTAL_${measure},`,
    `               COUNT(*) AS ROW_COUNT`,
    `        FROM ${w.qualified(table)}`,
    ...where.map((line) => `        ${line}`),
    `        GROUP BY ${dim}`,
    `        ORDER BY TOTAL_${measure} DESC`,
    `    """`,
  );
  if (w.rand() < 0.5) {
    w.write(`    df = ${sessionName}.sql(query).to_pandas()`, `    df["SHARE"] = df["TOTAL_${measure}"] / df["TOTAL_${measure}"].sum()`, '    return df');
  } else {
    w.write(`    return ${sessionName}.sql(query).to_pandas()`);
  }
  w.write('', '');
  w.functions++;
  w.queries++;
  w.loaders.push({ name, params: params.map((param) => (param === 'session' ? 'session' : param)), table });
};

/** Rows of one table through the Snowpark DataFrame API. */
const snowparkLoader: Block = (w) => {
  const table = w.table();
  const dim = pick(w.rand, table.dims);
  const measure = pick(w.rand, table.measures);
  const name = w.fresh(`${lower(table.name)}_${lower(measure)}_per_${lower(dim.column)}`);
  const param = `selected_${lower(dim.column)}`;
  w.need('from snowflake.snowpark import functions as F');
  w.write(
    `def ${name}(session, ${param}=None):`,
    `    frame = session.table("${w.qualified(table)}")`,
    `    if ${param}:`,
    `        frame = frame.filter(F.col("${dim.column}") == ${param})`,
    '    return (',
    `        frame.group_by("${dim.column}")`,
    `        .agg(F.sum("${measure}").alias("${measure}"), F.count("${table.id}").alias("ROWS"))`,
    `        .sort(F.col("${measure}").desc())`,
    '        .to_pandas()',
    '    )',
    '',
    '',
  );
  w.functions++;
  w.queries++;
  w.loaders.push({ name, params: ['session', param], table });
};

/** One record by its key, with a bound parameter. */
const detailLoader: Block = (w) => {
  const table = w.table();
  const key = lower(table.id);
  const name = w.fresh(`get_${lower(table.name).replace(/s$/, '')}_details`);
  w.write(
    `def ${name}(session, ${key}):`,
    `    rows = session.sql(`,
    `        "SELECT * FROM ${w.qualified(table)} WHERE ${table.id} = ?",`,
    `        params=[${key}],`,
    '    ).collect()',
    '    if not rows:',
    '        return None',
    '    return rows[0].as_dict()',
    '',
    '',
  );
  w.functions++;
  w.queries++;
};

/** A write, as forms do: f-string INSERT with quotes doubled. */
const insertFunction: Block = (w) => {
  const notes = `${w.theme.database}.${w.theme.schema}.${w.theme.notes}`;
  const name = w.fresh(pick(w.rand, ['save_note', 'add_comment', 'record_feedback', 'log_decision']));
  w.write(
    `def ${name}(session, subject, text, author):`,
    '    safe_text = text.replace("\'", "\'\'")',
    '    session.sql(',
    `        f"INSERT INTO ${notes} (SUBJECT, NOTE, AUTHOR, CREATED_AT) "`,
    `        f"VALUES ('{subject}', '{safe_text}', '{author}', CURRENT_TIMESTAMP())"`,
    '    ).collect()',
    '',
    '',
  );
  w.functions++;
  w.queries++;
};

/** A pandas step with no Snowflake in it. */
const frameTransform: Block = (w) => {
  const table = w.table();
  const measure = pick(w.rand, table.measures);
  const name = w.fresh(pick(w.rand, ['add_running_total', 'with_shares', 'rank_rows', 'normalise_columns']));
  w.write(
    `def ${name}(df, column="${measure}"):`,
    '    df = df.copy()',
    `    if "${table.date}" in df.columns:`,
    `        df = df.sort_values("${table.date}")`,
    '    df["RUNNING_" + column] = df[column].cumsum()',
    '    total = df[column].sum()',
    '    df["SHARE"] = df[column] / total if total else 0.0',
    `    return df.reset_index(drop=True)`,
    '',
    '',
  );
  w.functions++;
};

const formatter: Block = (w) => {
  const name = w.fresh(pick(w.rand, ['format_amount', 'human_number', 'pct', 'short_currency']));
  w.write(
    `def ${name}(value, digits=${between(w.rand, 0, 2)}):`,
    '    if value is None:',
    '        return "–"',
    '    for unit, size in (("bn", 1e9), ("m", 1e6), ("k", 1e3)):',
    '        if abs(value) >= size:',
    '            return f"{value / size:.{digits}f}{unit}"',
    '    return f"{value:,.{digits}f}"',
    '',
    '',
  );
  w.functions++;
};

/** Input checks before a write: long, branchy, no Snowflake. */
const validator: Block = (w) => {
  const name = w.fresh(pick(w.rand, ['validate_entry', 'check_form', 'errors_in']));
  const fields = ['subject', 'note', 'owner', 'amount', 'due_date', 'category', 'email', 'priority'];
  w.write(`def ${name}(entry):`, '    errors = []');
  for (const field of fields.slice(0, between(w.rand, 2, fields.length))) {
    w.write(`    if not entry.get("${field}"):`, `        errors.append("${label(field)} is required")`);
    if (field === 'amount') w.write('    elif float(entry["amount"]) < 0:', '        errors.append("Amount must not be negative")');
    if (field === 'email') w.write('    elif "@" not in entry["email"]:', '        errors.append("Email looks wrong")');
  }
  w.write('    return errors', '', '');
  w.functions++;
};

/** Draws KPIs of a DataFrame: UI in a function. */
const kpiRow: Block = (w) => {
  const table = w.table();
  const measures = table.measures.slice(0, 3);
  const name = w.fresh(`show_${lower(table.name)}_kpis`);
  w.need('import streamlit as st');
  w.write(`def ${name}(df):`, `    columns = st.columns(${measures.length + 1})`, '    columns[0].metric("Rows", f"{len(df):,}")');
  measures.forEach((measure, index) => {
    w.write(`    if "${measure}" in df.columns:`, `        columns[${index + 1}].metric("${label(measure)}", f"{df['${measure}'].sum():,.0f}")`);
  });
  w.write('', '');
  w.functions++;
};

const chartFunction: Block = (w) => {
  const table = w.table();
  const dim = pick(w.rand, table.dims).column;
  const measure = pick(w.rand, table.measures);
  const name = w.fresh(`${lower(measure)}_chart`);
  w.need('import altair as alt');
  w.need('import streamlit as st');
  w.write(
    `def ${name}(df, height=${pick(w.rand, [240, 320, 400])}):`,
    '    chart = (',
    '        alt.Chart(df)',
    `        .mark_${pick(w.rand, ['bar', 'line', 'area'])}()`,
    `        .encode(x=alt.X("${dim}:N", sort="-y"), y="${measure}:Q", tooltip=["${dim}", "${measure}"])`,
    '        .properties(height=height)',
    '    )',
    '    st.altair_chart(chart, use_container_width=True)',
    '',
    '',
  );
  w.functions++;
};

/** A session for local runs too: the common try/except around get_active_session(). */
const sessionGetter: Block = (w) => {
  const name = w.fresh('get_session');
  w.need('from snowflake.snowpark.context import get_active_session');
  w.need('from snowflake.snowpark import Session');
  w.need('import streamlit as st');
  w.write(
    `def ${name}():`,
    '    try:',
    '        return get_active_session()',
    '    except Exception:',
    '        return Session.builder.configs(st.secrets["snowflake"]).create()',
    '',
    '',
  );
  w.functions++;
};

/** A partner API key from a secret, through the warehouse runtime's _snowflake module. */
const secretReader: Block = (w) => {
  const name = w.fresh('partner_api_key');
  w.need('import _snowflake');
  w.write(`def ${name}():`, '    return _snowflake.get_generic_secret_string("partner_api_key")', '', '');
  w.functions++;
};

/** Module state a helper keeps between calls (shared by every viewer on the container runtime). */
const moduleState: Block = (w) => {
  const cache = w.fresh('_RECENT_FILTERS');
  const name = w.fresh('remember_filters');
  w.need('import datetime');
  w.write(
    `${cache} = {}`,
    '',
    '',
    `def ${name}(user, filters):`,
    `    ${cache}[user] = {"filters": dict(filters), "at": datetime.datetime.now()}`,
    `    return len(${cache})`,
    '',
    '',
  );
  w.functions++;
};

function weighted<T>(rand: Random, choices: Array<[number, T]>): T {
  const total = choices.reduce((sum, [weight]) => sum + weight, 0);
  let roll = rand() * total;
  for (const [weight, choice] of choices) {
    roll -= weight;
    if (roll < 0) return choice;
  }
  return choices[choices.length - 1][1];
}

function functionBlock(w: FileWriter): Block {
  if (w.kind === 'plain') return weighted(w.rand, [[3, frameTransform], [2, formatter], [2, validator]]);
  if (w.kind === 'helper') {
    return weighted(w.rand, [[4, aggregateLoader], [1.5, snowparkLoader], [1, detailLoader], [0.5, insertFunction],
      [2.5, frameTransform], [1.5, formatter], [1.5, validator], [0.5, kpiRow], [0.5, chartFunction]]);
  }
  return weighted(w.rand, [[1.3, aggregateLoader], [0.5, snowparkLoader], [0.4, detailLoader], [0.3, insertFunction],
    [2, frameTransform], [1, formatter], [1, validator], [2, kpiRow], [1.5, chartFunction], [3, renderFunction]]);
}

// ---------------------------------------------------------------------------------------------
// Module-level script code: widgets, queries and what shows their results

function frameName(w: FileWriter, table: Table): string {
  return w.fresh(`${lower(table.name)}_df`);
}

const titleBlock: Block = (w) => {
  w.need('import streamlit as st');
  w.write(`st.${pick(w.rand, ['header', 'subheader'])}("${pick(w.rand, ['Overview', 'Trends', 'Details', 'Top movers', 'Exceptions', 'Breakdown'])}")`);
  if (w.rand() < 0.5) w.write(`st.caption("Data refreshes ${pick(w.rand, ['hourly', 'nightly', 'every 15 minutes'])}; figures exclude test accounts.")`);
  w.write('');
};

/** The sidebar: a date range and a dimension, as most dashboards start. */
const filterBlock: Block = (w) => {
  const table = w.theme.tables[0];
  const dim = table.dims[0];
  const variable = `selected_${lower(dim.column)}`;
  w.need('import streamlit as st');
  w.need('import datetime');
  w.write(
    'with st.sidebar:',
    '    st.header("Filters")',
    '    start_date = st.date_input("From", datetime.date.today() - datetime.timedelta(days=30))',
    '    end_date = st.date_input("To", datetime.date.today())',
    `    ${variable} = st.selectbox("${label(dim.column)}", ${JSON.stringify(dim.values)})`,
    '',
  );
  for (const name of ['start_date', 'end_date', variable]) w.variables.add(name);
};

/** A query at module level, its SQL in an f-string, its rows in a DataFrame. */
const scriptQuery: Block = (w) => {
  const table = w.table();
  const columns = [table.id, table.date, ...table.dims.map((d) => d.column), ...table.measures];
  const conditions: string[] = [];
  if (w.variables.has('start_date')) conditions.push(`${table.date} >= '{start_date}'`);
  const dim = table.dims.find((d) => w.variables.has(`selected_${lower(d.column)}`));
  if (dim) conditions.push(`${dim.column} = '{selected_${lower(dim.column)}}'`);
  const name = frameName(w, table);
  const sql = `SELECT ${columns.join(', ')} FROM ${w.qualified(table)}`
    + (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '') + ` LIMIT ${pick(w.rand, [500, 1000, 5000])}`;
  const f = conditions.length ? 'f' : '';
  if (w.rand() < 0.5) {
    w.write(`${name} = session.sql(${f}"${sql}").to_pandas()`);
  } else {
    const clauses = sql.split(/ (?=FROM |WHERE |LIMIT )/).map((clause) => `    ${clause}`);
    w.write(`${name} = session.sql(`, `    ${f}"""`, ...clauses, '    """', ').to_pandas()');
  }
  w.queries++;
  w.frames.push({ name, table });
  if (w.rand() < 0.6) showFrame(w);
  else w.write('');
};

/** Calls a loader of this file or of a helper module. */
const loaderCall: Block = (w) => {
  const loader = w.loaders.length ? pick(w.rand, w.loaders) : undefined;
  if (!loader) return lastFrame(w) ? metricsBlock(w) : scriptQuery(w);
  if (loader.module) {
    const names = w.fromModules.get(loader.module) ?? [];
    if (!names.includes(loader.name)) names.push(loader.name);
    w.fromModules.set(loader.module, names);
  }
  const name = frameName(w, loader.table);
  const args = loader.params.map((param) => w.argument(param, loader.table));
  w.write(`${name} = ${loader.name}(${args.join(', ')})`);
  w.frames.push({ name, table: loader.table });
  showFrame(w);
};

function lastFrame(w: FileWriter) {
  return w.frames.at(-1);
}

function showFrame(w: FileWriter): void {
  const frame = lastFrame(w)!;
  const measure = frame.table.measures[0];
  switch (between(w.rand, 0, 3)) {
    case 0:
      w.write(`st.dataframe(${frame.name}, use_container_width=True, hide_index=True)`, '');
      break;
    case 1:
      w.write(
        `if ${frame.name}.empty:`,
        '    st.info("No rows match these filters.")',
        'else:',
        `    st.dataframe(${frame.name}, use_container_width=True)`,
        '',
      );
      break;
    case 2:
      w.write(`st.metric("${label(measure)}", f"{${frame.name}['${measure}'].sum():,.0f}" if "${measure}" in ${frame.name} else "–")`, '');
      break;
    default:
      w.write(`st.write(f"{len(${frame.name})} rows")`, `st.table(${frame.name}.head(${pick(w.rand, [5, 10, 20])}))`, '');
  }
}

const chartBlock: Block = (w) => {
  const frame = lastFrame(w);
  if (!frame) return loaderCall(w);
  const dim = pick(w.rand, frame.table.dims).column;
  const measure = pick(w.rand, frame.table.measures);
  const chart = pick(w.rand, ['bar_chart', 'line_chart', 'area_chart']);
  w.write(
    `if "${dim}" in ${frame.name} and "${measure}" in ${frame.name}:`,
    `    st.${chart}(${frame.name}, x="${dim}", y="${measure}")`,
    '',
  );
};

const tabsBlock: Block = (w) => {
  const frame = lastFrame(w);
  if (!frame) return loaderCall(w);
  const [first, second] = [w.fresh('tab_summary'), w.fresh('tab_rows')];
  w.write(
    `${first}, ${second} = st.tabs(["Summary", "Rows"])`,
    `with ${first}:`,
    `    st.write(${frame.name}.describe())`,
    `with ${second}:`,
    `    st.dataframe(${frame.name}, use_container_width=True)`,
    '',
  );
};

const columnsBlock: Block = (w) => {
  const frame = lastFrame(w);
  if (!frame) return loaderCall(w);
  const left = w.fresh('left');
  const right = w.fresh('right');
  const dim = frame.table.dims[0].column;
  w.write(
    `${left}, ${right} = st.columns([2, 1])`,
    `with ${left}:`,
    `    st.subheader("By ${label(dim)}")`,
    `    if "${dim}" in ${frame.name}:`,
    `        st.bar_chart(${frame.name}.groupby("${dim}").size())`,
    `with ${right}:`,
    `    st.subheader("Latest")`,
    `    st.dataframe(${frame.name}.tail(10), hide_index=True)`,
    '',
  );
};

/** A form that inserts, then says so. */
const formBlock: Block = (w) => {
  const notes = `${w.theme.database}.${w.theme.schema}.${w.theme.notes}`;
  const form = w.fresh('note_form');
  const [subject, text, submitted] = [w.fresh('note_subject'), w.fresh('note_text'), w.fresh('submitted')];
  w.write(
    `with st.form("${form}", clear_on_submit=True):`,
    `    ${subject} = st.text_input("Subject")`,
    `    ${text} = st.text_area("Note")`,
    `    ${submitted} = st.form_submit_button("Save")`,
    `if ${submitted}:`,
    `    if not ${subject}.strip():`,
    '        st.warning("Give the note a subject.")',
    '    else:',
    `        escaped = ${text}.replace("'", "''")`,
    '        session.sql(',
    `            f"INSERT INTO ${notes} (SUBJECT, NOTE, AUTHOR, CREATED_AT) "`,
    `            f"VALUES ('{${subject}}', '{escaped}', CURRENT_USER(), CURRENT_TIMESTAMP())"`,
    '        ).collect()',
    '        st.success("Saved.")',
    '',
  );
  w.queries++;
};

/** An editable grid written back with write_pandas. */
const editorBlock: Block = (w) => {
  const frame = lastFrame(w);
  if (!frame) return loaderCall(w);
  const edited = w.fresh('edited');
  w.write(
    `${edited} = st.data_editor(${frame.name}, num_rows="dynamic", key="${edited}_editor")`,
    `if st.button("Save changes", key="${edited}_save"):`,
    `    session.write_pandas(${edited}, "${frame.table.name}_OVERRIDES", database="${w.theme.database}", schema="${w.theme.schema}", overwrite=True)`,
    '    st.toast("Changes saved")',
    '',
  );
  w.queries++;
};

const expanderBlock: Block = (w) => {
  const frame = lastFrame(w);
  if (!frame) return loaderCall(w);
  w.write(
    'with st.expander("Raw data"):',
    `    st.dataframe(${frame.name})`,
    '    st.download_button(',
    '        "Download CSV",',
    `        ${frame.name}.to_csv(index=False).encode("utf-8"),`,
    `        file_name="${lower(frame.table.name)}.csv",`,
    '        mime="text/csv",',
    '    )',
    '',
  );
};

/** One expander per group of rows. */
const loopBlock: Block = (w) => {
  const frame = lastFrame(w);
  if (!frame) return loaderCall(w);
  const dim = frame.table.dims[0].column;
  const measure = frame.table.measures[0];
  const [key, group] = [w.fresh('group_key'), w.fresh('group_rows')];
  w.write(
    `if "${dim}" in ${frame.name}:`,
    `    for ${key}, ${group} in ${frame.name}.groupby("${dim}"):`,
    `        with st.expander(f"${label(dim)} {${key}} ({len(${group})} rows)"):`,
    `            if "${measure}" in ${group}:`,
    `                st.line_chart(${group}["${measure}"].reset_index(drop=True))`,
    `            st.dataframe(${group}.head(20), hide_index=True)`,
    '',
  );
};

const sessionStateBlock: Block = (w) => {
  const key = w.fresh('selected_row');
  w.write(
    `if "${key}" not in st.session_state:`,
    `    st.session_state["${key}"] = None`,
    `if st.button("Clear selection", key="clear_${key}"):`,
    `    st.session_state["${key}"] = None`,
    '',
  );
};

/** APIs of the warehouse runtime's older Streamlit. */
const oldApiBlock: Block = (w) => {
  if (w.rand() < 0.5) {
    w.write('if st.button("Refresh data"):', '    st.cache_data.clear()', '    st.experimental_rerun()', '');
  } else {
    const params = w.fresh('query_params');
    w.write(`${params} = st.experimental_get_query_params()`, `st.caption(f"Shared view: {${params}.get('view', ['default'])[0]}")`, '');
  }
};

const markdownBlock: Block = (w) => {
  const topic = pick(w.rand, ['How to read this page', 'Definitions', 'Known gaps', 'Data sources']);
  w.write(
    'st.markdown(',
    '    """',
    `    **${topic}.** Figures come from ${w.theme.database}.${w.theme.schema} and are refreshed ${pick(w.rand, ['nightly', 'hourly'])}.`,
    `    - Amounts are in ${pick(w.rand, ['EUR', 'USD'])}, before tax.`,
    '    - Rows flagged as test data are excluded.',
    '    """',
    ')',
    '',
  );
};

/** A widget that narrows the newest DataFrame. */
const widgetFilterBlock: Block = (w) => {
  const frame = lastFrame(w);
  if (!frame) return markdownBlock(w);
  if (w.rand() < 0.5) {
    const measure = pick(w.rand, frame.table.measures);
    const [threshold, view] = [w.fresh(`min_${lower(measure)}`), w.fresh(`${lower(frame.table.name)}_view`)];
    w.write(
      `${threshold} = st.slider("Minimum ${label(measure).toLowerCase()}", 0, ${pick(w.rand, [100, 1000, 10000])}, 0)`,
      `${view} = ${frame.name}[${frame.name}["${measure}"] >= ${threshold}] if "${measure}" in ${frame.name} else ${frame.name}`,
      `st.caption(f"{len(${view})} of {len(${frame.name})} rows")`,
      '',
    );
    w.frames.push({ name: view, table: frame.table });
  } else {
    const dim = pick(w.rand, frame.table.dims);
    const choice = w.fresh(`${lower(dim.column)}_choice`);
    w.write(
      `${choice} = st.multiselect("${label(dim.column)}", ${JSON.stringify(dim.values)}, default=${JSON.stringify(dim.values)})`,
      `if ${choice} and "${dim.column}" in ${frame.name}:`,
      `    ${frame.name} = ${frame.name}[${frame.name}["${dim.column}"].isin(${choice})]`,
      '',
    );
  }
};

const pivotBlock: Block = (w) => {
  const frame = lastFrame(w);
  if (!frame || frame.table.dims.length < 2) return markdownBlock(w);
  const [rows, columns] = frame.table.dims.map((dim) => dim.column);
  const measure = pick(w.rand, frame.table.measures);
  const pivot = w.fresh('pivot');
  w.write(
    `if {"${rows}", "${columns}", "${measure}"} <= set(${frame.name}.columns):`,
    `    ${pivot} = ${frame.name}.pivot_table(index="${rows}", columns="${columns}", values="${measure}", aggfunc="sum", fill_value=0)`,
    `    st.dataframe(${pivot}.style.format("{:,.0f}"), use_container_width=True)`,
    '',
  );
};

const metricsBlock: Block = (w) => {
  const frame = lastFrame(w);
  if (!frame) return markdownBlock(w);
  const measures = frame.table.measures.slice(0, 2);
  const cells = [w.fresh('metric_rows'), ...measures.map((measure) => w.fresh(`metric_${lower(measure)}`))];
  w.need('import datetime');
  w.write(`${cells.join(', ')}, metric_updated = st.columns(${cells.length + 1})`, `${cells[0]}.metric("Rows", f"{len(${frame.name}):,}")`);
  measures.forEach((measure, index) => {
    w.write(`${cells[index + 1]}.metric("${label(measure)}", f"{${frame.name}['${measure}'].sum():,.0f}" if "${measure}" in ${frame.name} else "–")`);
  });
  w.write('metric_updated.metric("As of", datetime.date.today().isoformat())', '');
};

/** UI drawn in a function of its own: long pages split into render functions like this. */
const renderFunction: Block = (w) => {
  const table = w.table();
  const name = w.fresh(`render_${lower(table.name)}_${pick(w.rand, ['section', 'panel', 'details', 'summary'])}`);
  const start = w.body.length;
  const frames = w.frames.length;
  w.frames.push({ name: 'df', table });
  for (let count = between(w.rand, 2, 5); count > 0; count--) {
    weighted(w.rand, [[2, chartBlock], [1, tabsBlock], [1, columnsBlock], [1, expanderBlock], [1, loopBlock],
      [2, metricsBlock], [1, pivotBlock], [1, widgetFilterBlock]])(w);
  }
  w.frames.splice(frames);
  const lines = w.body.splice(start);
  w.need('import streamlit as st');
  w.write(`def ${name}(df):`, `    st.subheader("${label(table.name)}")`, ...lines.filter((line, index) => line !== '' || index < lines.length - 1).map((line) => (line ? `    ${line}` : '')), '', '');
  w.functions++;
};

function scriptBlock(w: FileWriter): Block {
  return weighted(w.rand, [
    [0.3, scriptQuery], [1.5, loaderCall], [1, titleBlock], [1.5, markdownBlock], [2, widgetFilterBlock], [1, pivotBlock],
    [2, chartBlock], [1, tabsBlock], [1, columnsBlock], [1.5, metricsBlock], [0.25, formBlock], [0.15, editorBlock],
    [1, expanderBlock], [0.7, loopBlock], [0.7, sessionStateBlock], [0.3, oldApiBlock],
  ]);
}

// ---------------------------------------------------------------------------------------------
// Whole files

export interface FilePlan {
  kind: FileKind;
  /** The length to reach, in lines. */
  lines: number;
  theme: Theme;
  /** The loaders of the app's helper modules that a script may call. */
  imported: Loader[];
  title: string;
  /** Names the app's helper modules define: helpers add theirs, so that no two define one name. */
  helperNames: Set<string>;
  /** The app's other modules and the functions each defines: the entry file imports from each, as apps do. */
  modules: Array<{ module: string; functions: string[] }>;
}

/**
 * How many functions a script of this length has: real code has 2 in a median file of 78 lines
 * and 33 at the 99th percentile (1,850 lines); long pages are mostly module-level script.
 */
function plannedFunctions(rand: Random, plan: FilePlan): number {
  const typical = 1.8 * (plan.lines / 78) ** 0.85;
  return Math.round(typical * (0.5 + rand()));
}

export function pythonFile(rand: Random, plan: FilePlan): PythonFile {
  const w = new FileWriter(rand, plan.theme, plan.kind);
  w.names = plan.kind === 'helper' || plan.kind === 'plain' ? plan.helperNames : new Set(plan.helperNames);
  const script = plan.kind === 'entry' || plan.kind === 'page';
  if (plan.lines > 40 && rand() < 0.6) w.docstring = `"""${plan.title}."""`;
  if (script) scriptStart(w, plan);
  else if (plan.kind === 'helper') w.write(`${w.fresh('DATABASE')} = "${plan.theme.database}"`, '', '');
  else w.write(`${w.fresh('DEFAULT_TIMEZONE')} = "${pick(rand, ['UTC', 'Europe/Berlin', 'America/New_York'])}"`, '', '');

  // The import lines come on top; about 6 of them.
  const target = plan.lines - 6;
  if (script) {
    let functionsLeft = plannedFunctions(rand, plan);
    while (w.body.length < target || functionsLeft > 0) {
      // Spread the functions over the file, interleaved with script code: about 13 lines each.
      const remaining = Math.max(target - w.body.length, 1);
      if (functionsLeft > 0 && rand() < (functionsLeft * 13) / remaining) {
        functionBlock(w)(w);
        functionsLeft--;
      } else {
        scriptBlock(w)(w);
      }
    }
  } else {
    // Most helper modules are about Streamlit too: they cache what they load.
    if (plan.kind === 'helper' && rand() < 0.8) {
      w.cachedShare = 1;
      aggregateLoader(w);
      w.cachedShare = 0.4;
    }
    while (w.body.length < target) functionBlock(w)(w);
  }
  if (plan.kind === 'helper' && rand() < 0.15) moduleState(w);
  if (plan.kind === 'helper' && rand() < 0.08) secretReader(w);
  const text = w.text();
  return {
    text,
    definitions: [...text.matchAll(/^def (\w+)/gm)].map((match) => match[1]),
    lines: text.split('\n').length - 1,
    functions: w.functions,
    queries: w.queries,
    importsStreamlit: w.imports.has('import streamlit as st'),
    loaders: w.loaders,
  };
}

/** What an entry file or a page does first: page config, the session, the sidebar. */
function scriptStart(w: FileWriter, plan: FilePlan): void {
  w.need('import streamlit as st');
  w.need('import pandas as pd');
  w.loaders.push(...plan.imported);
  if (plan.kind === 'entry') {
    for (const { module, functions } of plan.modules) if (functions.length) w.fromModules.set(module, [functions[0]]);
  }
  if (plan.kind === 'entry') w.write(`st.set_page_config(page_title="${plan.title}", layout="wide")`);
  if (w.rand() < 0.1) {
    sessionGetter(w);
    w.write('session = get_session()');
  } else {
    w.need('from snowflake.snowpark.context import get_active_session');
    w.write('session = get_active_session()');
  }
  w.variables.add('session');
  w.write(`st.title("${plan.title}")`, '');
  if (plan.lines > 30) filterBlock(w);
}
