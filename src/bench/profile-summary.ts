/**
 * `node dist/src/bench/profile-summary.js FILE.cpuprofile [--top N]`
 *
 * Summarises a CPU profile written by `node --cpu-prof bin/stcodemod.js all DIR --check --jobs 1
 * --no-cache` (one thread, so the profile holds all the work): the time of each transform (every
 * sample is counted for the nearest transform on its stack, the work it asked of the engine, the
 * scope model and the tree-sitter binding included), then the functions with the most self time,
 * each split by the transform it ran for.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives: a transform, the Python model, the engine, the binding, or V8 itself. */
function placeOf(url: string, name: string): string {
  const transform = url.match(/\/transforms\/([^/]+)\//);
  if (transform) return transform[1];
  if (url.includes('/node_modules/')) return url.match(/\/node_modules\/((?:@[^/]+\/)?[^/]+)/)![1];
  if (url.includes('/src/python/')) return 'src/python';
  if (url.includes('/src/')) return 'engine';
  if (url.startsWith('node:')) return 'node';
  if (!url) return name.startsWith('(') ? name : 'native';
  return 'other';
}

function fileOf(url: string): string {
  const match = url.match(/\/(src|transforms)\/.*$/) ?? url.match(/node_modules\/.*$/);
  return match ? match[0].replace(/^\//, '') : url;
}

function summarise(profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  /** The transform a node's work is for: the nearest transform on its stack. */
  const owner = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const known = owner.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const transform = node.callFrame.url.match(/\/transforms\/([^/]+)\//)?.[1];
    const up = parent.get(id);
    const result = transform ?? (up === undefined ? '(no transform)' : ownerOf(up));
    owner.set(id, result);
    return result;
  };
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, index) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const total = [...selfTime.values()].reduce((sum, time) => sum + time, 0);
  const idle = [...selfTime].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((sum, [, time]) => sum + time, 0);
  const busy = total - idle;

  const perTransform = new Map<string, number>();
  const perFunction = new Map<string, { time: number; place: string; owners: Map<string, number> }>();
  for (const [id, time] of selfTime) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    const transform = ownerOf(id);
    perTransform.set(transform, (perTransform.get(transform) ?? 0) + time);
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${fileOf(url)}:${lineNumber + 1}` : ''}`.trim();
    const entry = perFunction.get(key) ?? { time: 0, place: placeOf(url, functionName), owners: new Map() };
    entry.time += time;
    entry.owners.set(transform, (entry.owners.get(transform) ?? 0) + time);
    perFunction.set(key, entry);
  }
  const perPlace = new Map<string, number>();
  for (const entry of perFunction.values()) perPlace.set(entry.place, (perPlace.get(entry.place) ?? 0) + entry.time);
  const ms = (time: number) => `${(time / 1000).toFixed(0)} ms`;
  const pct = (time: number) => `${((100 * time) / busy).toFixed(1)}%`;
  const lines = [
    `${ms(busy)} busy (${ms(idle)} idle)`,
    '',
    'By transform (each sample counted for the nearest transform on its stack):',
    '',
    '| transform | time | share |',
    '|---|---|---|',
    ...[...perTransform].sort((a, b) => b[1] - a[1]).map(([name, time]) => `| ${name} | ${ms(time)} | ${pct(time)} |`),
    '',
    'Self time by where the code lives (a transform, src/python, the engine, a package, V8):',
    '',
    '| where | self | share |',
    '|---|---|---|',
    ...[...perPlace].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([place, time]) => `| ${place} | ${ms(time)} | ${pct(time)} |`),
    '',
    `Top ${top} functions by self time:`,
    '',
    '| function | where | self | share | for (transform: share of its self time) |',
    '|---|---|---|---|---|',
    ...[...perFunction].sort((a, b) => b[1].time - a[1].time).slice(0, top).map(([name, entry]) => {
      const owners = [...entry.owners].sort((a, b) => b[1] - a[1]).slice(0, 3)
        .map(([transform, time]) => `${transform} ${Math.round((100 * time) / entry.time)}%`).join(', ');
      return `| \`${name}\` | ${entry.place} | ${ms(entry.time)} | ${pct(entry.time)} | ${owners} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

function main(): void {
  const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '15' } }, allowPositionals: true });
  if (positionals.length !== 1) {
    process.stderr.write('usage: node dist/src/bench/profile-summary.js FILE.cpuprofile [--top N]\n');
    process.exit(2);
  }
  const profile = JSON.parse(fs.readFileSync(positionals[0], 'utf8')) as Profile;
  process.stdout.write(summarise(profile, Number(values.top)));
}

main();
