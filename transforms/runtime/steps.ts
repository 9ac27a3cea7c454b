/**
 * MIGRATION.md's manual steps across runs. A step keeps its number from one run to the next; a
 * step the user ticked stays ticked; and a step an earlier run listed that this run does not find
 * again (its cause was in code the earlier run rewrote, such as the secrets to bind) stays until
 * the user ticks it. A step is the same step when its code, file and message are.
 */
import { LocatedFinding } from '../../src/findings';

export interface NumberedSteps {
  /** This run's manual findings, each with its number. */
  numbers: Map<LocatedFinding, number>;
  /** Findings the user ticked in the earlier plan. */
  ticked: Set<LocatedFinding>;
  /** Unticked steps of the earlier plan that this run did not find again, as they were written. */
  carried: EarlierStep[];
}

export interface EarlierStep {
  number: number;
  ticked: boolean;
  key: string;
  /** The file the step is about ('' for none). */
  path: string;
  /** Its text after the box. */
  body: string;
  /** The step's lines as written, its SQL block included. */
  lines: string[];
}

const SECTION = '## Manual steps';
const ITEM = /^(\d+)\. (?:\[([ xX])\] )?(.*)$/;

/**
 * Numbers this run's manual findings: earlier numbers kept, new steps after every earlier one.
 * `done` says of an earlier step this run did not find again that its file shows it done.
 */
export function numberSteps(findings: LocatedFinding[], earlierPlan: string | undefined, done: (step: EarlierStep) => boolean)
  : NumberedSteps {
  const earlier = earlierSteps(earlierPlan);
  const byKey = new Map(earlier.map((step) => [step.key, step]));
  let next = Math.max(0, ...earlier.map((step) => step.number)) + 1;
  const numbers = new Map<LocatedFinding, number>();
  const ticked = new Set<LocatedFinding>();
  const found = new Set<string>();
  for (const [finding, key] of keyed(findings, findingKey)) {
    const before = byKey.get(key);
    numbers.set(finding, before?.number ?? next++);
    if (before?.ticked) ticked.add(finding);
    found.add(key);
  }
  const carried = earlier.filter((step) => !step.ticked && !found.has(step.key) && !done(step));
  return { numbers, ticked, carried };
}

/** The steps of an earlier MIGRATION.md, in order. */
export function earlierSteps(text: string | undefined): EarlierStep[] {
  if (text === undefined) return [];
  const lines = text.split(/\r?\n/);
  const start = lines.indexOf(SECTION);
  if (start === -1) return [];
  const steps: { number: number; ticked: boolean; body: string; lines: string[] }[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    const item = ITEM.exec(line);
    if (item) steps.push({ number: Number(item[1]), ticked: (item[2] ?? ' ') !== ' ', body: item[3], lines: [line] });
    else if (steps.length > 0 && (line.startsWith('   ') || line === '')) steps[steps.length - 1].lines.push(line);
  }
  for (const step of steps) while (step.lines.length > 1 && step.lines[step.lines.length - 1] === '') step.lines.pop();
  return keyed(steps, (step) => bodyKey(step.body)).map(([step, key]) => ({
    number: step.number, ticked: step.ticked, key, path: key.split('|')[1], body: step.body, lines: step.lines,
  }));
}

/** A step's line: `` `path:line`: message (`code`) ``. */
export function stepText(finding: LocatedFinding): string {
  const where = finding.path === undefined ? '' : `\`${finding.path}${finding.line ? `:${finding.line}` : ''}\`: `;
  return `${where}${finding.message} (\`${finding.code}\`)`;
}

function findingKey(finding: LocatedFinding): string {
  return `${finding.code}|${finding.path ?? ''}|${finding.message}`;
}

/** The key of a written step: what stepText wrote, read back (the line number left out, as lines move). */
function bodyKey(body: string): string {
  const code = / \(`([^`]+)`\)$/.exec(body);
  const rest = code ? body.slice(0, code.index) : body;
  const where = /^`([^`]*)`: /.exec(rest);
  const path = where ? where[1].replace(/:\d+$/, '') : '';
  return `${code?.[1] ?? ''}|${path}|${where ? rest.slice(where[0].length) : rest}`;
}

/** Each item with its key, a repeated key told apart by how often it came before. */
function keyed<T>(items: T[], keyOf: (item: T) => string): [T, string][] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const key = keyOf(item);
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    return [item, `${key}#${count}`];
  });
}
