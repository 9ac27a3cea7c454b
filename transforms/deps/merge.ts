/**
 * Adding converted requirements to a dependency file that already lists some: a requirement the
 * file already satisfies (by PEP 440 meaning: `==1.23.0` satisfies `==1.23.0.*`) is not added,
 * a different one never replaces what the user wrote, and a package PyPI does not publish is
 * never written at all.
 */
import { canonicalName, formatRequirement, Requirement, requirementKey } from '../../src/pep508';
import { Emitted } from './convert';
import { specifierImplies } from './versions';

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
  /** Not written because PyPI does not publish them (uv would fail), with the file's own line for that package, if any. */
  notOnPypi: { incoming: Emitted; existing?: ExistingRequirement }[];
  /** Streamlit pins the runtime policy raised, where the file's own Streamlit line stays. */
  streamlitKept: { incoming: Emitted; existing: ExistingRequirement }[];
}

export function planMerge(existing: ExistingRequirement[], incoming: Emitted[]): MergePlan {
  const byName = new Map<string, ExistingRequirement>();
  for (const entry of existing) {
    const name = canonicalName(entry.requirement.name);
    if (!byName.has(name)) byName.set(name, entry);
  }
  const plan: MergePlan = { add: [], conflicts: [], notOnPypi: [], streamlitKept: [] };
  for (const entry of incoming) {
    const present = byName.get(canonicalName(entry.requirement.name));
    if (entry.notOnPypi) {
      plan.notOnPypi.push({ incoming: entry, ...(present ? { existing: present } : {}) });
    } else if (!present) {
      plan.add.push(entry);
    } else if (!addsSomething(present.requirement, entry.requirement)) {
      continue;
    } else if (entry.raisedFrom !== undefined) {
      // The pin asked for a Streamlit the container cannot run; the file's line is checked by the runtime rules.
      plan.streamlitKept.push({ incoming: entry, existing: present });
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

/** Whether the incoming requirement asks for something the existing one does not already give. */
function addsSomething(existing: Requirement, incoming: Requirement): boolean {
  if (requirementKey(existing) === requirementKey({ ...incoming, name: existing.name })) return false;
  const extras = new Set(existing.extras.map(canonicalName));
  if (!incoming.extras.every((extra) => extras.has(canonicalName(extra)))) return true;
  if (incoming.marker !== undefined && incoming.marker !== existing.marker) return true;
  if (incoming.url !== undefined) return incoming.url !== existing.url;
  // A direct reference installs one build, whatever its version: it satisfies a bare name only.
  if (existing.url !== undefined) return incoming.specifier !== '';
  return !specifierImplies(existing.specifier, incoming.specifier);
}
