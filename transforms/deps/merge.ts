/**
 * Adding converted requirements to a dependency file that already lists some: the same
 * requirement is not added twice, and a different one never replaces what the user wrote.
 */
import { canonicalName, formatRequirement, Requirement, requirementKey } from '../../src/pep508';
import { Emitted } from './convert';

/** A requirement already in the file, with where it is. */
export interface ExistingRequirement {
  requirement: Requirement;
  text: string;
  offset: number;
}

export interface MergePlan {
  add: Emitted[];
  /** Requirements the file already has in another form: the existing line is kept. */
  conflicts: { existing: ExistingRequirement; incoming: Emitted }[];
}

export function planMerge(existing: ExistingRequirement[], incoming: Emitted[]): MergePlan {
  const byName = new Map<string, ExistingRequirement>();
  for (const entry of existing) {
    const name = canonicalName(entry.requirement.name);
    if (!byName.has(name)) byName.set(name, entry);
  }
  const plan: MergePlan = { add: [], conflicts: [] };
  for (const entry of incoming) {
    const present = byName.get(canonicalName(entry.requirement.name));
    if (!present) {
      plan.add.push(entry);
    } else if (!addsSomething(present.requirement, entry.requirement)) {
      continue;
    } else {
      plan.conflicts.push({ existing: present, incoming: entry });
    }
  }
  return plan;
}

/** The line to write for a converted requirement. */
export function lineOf(entry: Emitted): string {
  return entry.verbatim ?? formatRequirement(entry.requirement);
}

function addsSomething(existing: Requirement, incoming: Requirement): boolean {
  if (requirementKey(existing) === requirementKey({ ...incoming, name: existing.name })) return false;
  const extras = new Set(existing.extras.map(canonicalName));
  const onlyName = incoming.specifier === '' && incoming.url === undefined && !incoming.marker;
  return !(onlyName && incoming.extras.every((extra) => extras.has(canonicalName(extra))));
}
