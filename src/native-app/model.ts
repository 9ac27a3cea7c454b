/**
 * What a setup script builds: its schemas (versioned or normal) and the objects it creates in
 * each, with every unqualified name resolved through the script's own schema context. In a
 * setup script `CREATE SCHEMA` does not set the current schema (Snowflake: "Include the target
 * schema when creating objects") and `USE SCHEMA` is not allowed, so an unqualified name has no
 * schema unless a (forbidden, reported) `USE SCHEMA` gave it one. Nothing is guessed.
 */
import {
  CreateStatement, displayName, NamePart, ObjectName, ObjectType, parseNameString,
} from '../sql';
import { SetupScripts, SetupStatement } from './setup-scripts';

export type Category =
  /** Procedures, functions, Streamlit apps, views: recreated by every version; belong in a versioned schema. */
  | 'code'
  /** Tables, stages, sequences, streams, pipes: consumer data that must survive upgrades; normal schema only. */
  | 'state'
  /** Tasks, tags, masking policies, services, compute pools, application roles: not allowed in a versioned schema. */
  | 'unversionable'
  /** Network rules and external access integrations: Snowflake's own examples put them in a versioned schema. */
  | 'neutral'
  | 'other';

export interface SchemaRef {
  key: string;
  display: string;
}

export type Resolution =
  /** The name says its schema. */
  | 'qualified'
  /** Unqualified, placed by a `USE SCHEMA` earlier in the script. */
  | 'context'
  /** Unqualified and no schema is current: the statement fails in a setup script. */
  | 'unresolved'
  /** `IDENTIFIER($var)` or a name stcodemod cannot read (a template placeholder): unknown until run time. */
  | 'dynamic'
  /** Not a schema object (application roles, compute pools, warehouses, integrations...). */
  | 'unscoped';

export interface CreatedObject {
  at: SetupStatement;
  create: CreateStatement;
  /** `TABLE`, `TRANSIENT TABLE`, `SECURE VIEW`, `APPLICATION ROLE`... as a reader would say it. */
  typeLabel: string;
  category: Category;
  resolution: Resolution;
  schema?: SchemaRef;
  /** The object's own name (last part), for matching between versions. */
  name?: NamePart;
  /** The name as written. */
  display: string;
}

export interface SchemaInfo extends SchemaRef {
  creates: CreatedObject[];
  versioned: boolean;
  objects: CreatedObject[];
}

export interface SetupModel {
  scripts: SetupScripts;
  schemas: Map<string, SchemaInfo>;
  /** Every CREATE the setup runs, schemas included, in order. */
  objects: CreatedObject[];
  /** The schema current at each statement (from `USE SCHEMA`), when one is. */
  contexts: Map<SetupStatement, SchemaRef>;
}

/** Types that are not schema objects. */
const UNSCOPED = new Set([
  'DATABASE', 'SCHEMA', 'APPLICATION ROLE', 'DATABASE ROLE', 'ROLE', 'WAREHOUSE', 'COMPUTE POOL', 'USER', 'SHARE',
  'APPLICATION', 'APPLICATION PACKAGE', 'NETWORK POLICY', 'EXTERNAL ACCESS INTEGRATION', 'API INTEGRATION',
  'STORAGE INTEGRATION', 'SECURITY INTEGRATION', 'NOTIFICATION INTEGRATION', 'CATALOG INTEGRATION', 'INTEGRATION',
]);
const TEMPORARY = ['TEMPORARY', 'TEMP', 'VOLATILE'];

export function categoryOf(type: ObjectType): Category {
  if (type.modifiers.some((modifier) => TEMPORARY.includes(modifier))) return 'other';
  switch (type.name) {
    case 'PROCEDURE': case 'FUNCTION': case 'STREAMLIT':
      return 'code';
    case 'VIEW':
      return type.modifiers.includes('MATERIALIZED') ? 'other' : 'code';
    case 'TABLE': case 'STAGE': case 'SEQUENCE': case 'STREAM': case 'PIPE':
      return 'state';
    case 'TASK': case 'TAG': case 'MASKING POLICY': case 'SERVICE': case 'COMPUTE POOL': case 'APPLICATION ROLE':
      return 'unversionable';
    case 'NETWORK RULE': case 'EXTERNAL ACCESS INTEGRATION':
      return 'neutral';
    default:
      return 'other';
  }
}

export function buildModel(scripts: SetupScripts): SetupModel {
  const model: SetupModel = { scripts, schemas: new Map(), objects: [], contexts: new Map() };
  let context: SchemaRef | undefined;
  for (const at of scripts.statements) {
    if (context) model.contexts.set(at, context);
    const described = at.described;
    if (described.kind === 'use') {
      if (described.target === 'SCHEMA' || (described.target === '' && (described.name?.parts.length ?? 0) >= 2)) {
        const part = described.name?.parts.at(-1);
        context = part && !described.name!.dynamic ? schemaRef([part]) : undefined;
      } else if (described.target === 'DATABASE' || described.target === '') {
        // USE DATABASE makes PUBLIC current; stcodemod does not guess at it.
        context = undefined;
      }
      continue;
    }
    if (described.kind !== 'create' || described.type.name === '') continue;
    const object = createdObject(at, described, context);
    model.objects.push(object);
    if (described.type.name === 'SCHEMA' && object.schema) {
      const schema = schemaInfo(model, object.schema);
      schema.creates.push(object);
      if (described.type.modifiers.includes('VERSIONED')) schema.versioned = true;
    } else if (object.schema) {
      schemaInfo(model, object.schema).objects.push(object);
    }
  }
  return model;
}

function schemaInfo(model: SetupModel, ref: SchemaRef): SchemaInfo {
  let schema = model.schemas.get(ref.key);
  if (!schema) {
    schema = { ...ref, creates: [], versioned: false, objects: [] };
    model.schemas.set(ref.key, schema);
  }
  return schema;
}

function createdObject(at: SetupStatement, create: CreateStatement, context: SchemaRef | undefined): CreatedObject {
  const type = create.type;
  const base = {
    at,
    create,
    typeLabel: [...type.modifiers.filter((m) => m !== 'VERSIONED'), type.name].join(' '),
    category: categoryOf(type),
    display: create.name?.text ?? '(unnamed)',
  };
  const name = create.name;
  if (!name || name.dynamic) return { ...base, resolution: 'dynamic' };
  const parts = name.parts;
  const own = parts[parts.length - 1];
  if (type.name === 'SCHEMA') return { ...base, resolution: 'qualified', schema: schemaRef([own]), name: own };
  if (parts.length >= 2) return { ...base, resolution: 'qualified', schema: schemaRef([parts[parts.length - 2]]), name: own };
  if (UNSCOPED.has(type.name)) return { ...base, resolution: 'unscoped', name: own };
  if (context) return { ...base, resolution: 'context', schema: context, name: own };
  return { ...base, resolution: 'unresolved', name: own };
}

export function schemaRef(parts: NamePart[]): SchemaRef {
  const part = parts[parts.length - 1];
  return { key: part.key, display: displayName([part]) };
}

/**
 * The schema a referenced name (in ALTER, DROP, GRANT, DML) lives in, through the same context;
 * undefined when it cannot be known.
 */
export function schemaOfName(model: SetupModel, at: SetupStatement, name: ObjectName | undefined): SchemaRef | undefined {
  if (!name || name.dynamic || name.parts.length === 0) return undefined;
  if (name.parts.length >= 2) return schemaRef([name.parts[name.parts.length - 2]]);
  return model.contexts.get(at);
}

/** The schema a name of a schema (`IN SCHEMA x`, `DROP SCHEMA db.x`) refers to. */
export function schemaNamed(name: ObjectName | undefined): SchemaRef | undefined {
  if (!name || name.dynamic || name.parts.length === 0) return undefined;
  return schemaRef(name.parts);
}

/** A key for "this object in this schema", comparable across versions. */
export function objectKey(schema: SchemaRef | undefined, name: NamePart | undefined): string | undefined {
  if (!schema || !name) return undefined;
  return `${JSON.stringify(schema.key)}.${JSON.stringify(name.key)}`;
}

/** `schema.name` written in a manifest (`artifacts.default_streamlit`), as a key. */
export function manifestObjectKey(text: string): string | undefined {
  const parts = parseNameString(text);
  if (!parts || parts.length < 2) return undefined;
  return objectKey(schemaRef([parts[parts.length - 2]]), parts[parts.length - 1]);
}
