/**
 * Compares two V8 heap snapshots (issue 16, memory over a day's load): self
 * size and count by constructor (or node type for strings, arrays and code)
 * in each, the groups that grew most, and where the instances of the groups
 * that grew are held: for each, the commonest retainer paths from the GC
 * roots (shortest paths, weak edges left out), cut to their last hops.
 *
 *   npx tsx bench/heap-diff.ts EARLY.heapsnapshot LATE.heapsnapshot [--top 30] [--paths 8]
 *
 * Reads the snapshot as bytes and parses its number arrays itself, so that a
 * snapshot larger than V8's longest string can be read.
 */
import { readFileSync } from 'node:fs';
import { numberOption } from './bench-db.js';

const TOP = numberOption('top', 30);
const PATHS = numberOption('paths', 8);

interface Snapshot {
  nodeFields: string[];
  nodeTypes: string[];
  edgeFields: string[];
  edgeTypes: string[];
  nodes: Float64Array;
  edges: Float64Array;
  strings: string[];
}

function parse(file: string): Snapshot {
  const buf = readFileSync(file);
  const find = (s: string, from = 0) => {
    const i = buf.indexOf(s, from);
    if (i < 0) throw new Error(`${file}: no ${s}`);
    return i;
  };
  const numbers = (key: string): Float64Array => {
    let i = find(`"${key}":[`) + key.length + 4;
    const out: number[] = [];
    let n = 0;
    let digits = false;
    for (; ; i++) {
      const c = buf[i] as number;
      if (c >= 48 && c <= 57) {
        n = n * 10 + (c - 48);
        digits = true;
      } else {
        if (digits) out.push(n);
        n = 0;
        digits = false;
        if (c === 93) break; // ]
      }
    }
    return Float64Array.from(out);
  };
  const metaStart = find('"meta":');
  const metaEnd = find('"node_count"');
  const meta = JSON.parse(buf.subarray(metaStart + 7, buf.lastIndexOf(',', metaEnd)).toString()) as { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
  const strings: string[] = [];
  let i = find('"strings":[') + 11;
  for (;;) {
    while (buf[i] !== 34 && buf[i] !== 93) i++;
    if (buf[i] === 93) break;
    let j = i + 1;
    while (buf[j] !== 34) j += buf[j] === 92 ? 2 : 1;
    strings.push(JSON.parse(buf.subarray(i, j + 1).toString()) as string);
    i = j + 1;
  }
  return { nodeFields: meta.node_fields, nodeTypes: meta.node_types[0], edgeFields: meta.edge_fields, edgeTypes: meta.edge_types[0], nodes: numbers('nodes'), edges: numbers('edges'), strings };
}

function groupOf(s: Snapshot, node: number): string {
  const nf = s.nodeFields.length;
  const type = s.nodeTypes[s.nodes[node * nf] as number] as string;
  const name = s.strings[s.nodes[node * nf + 1] as number] as string;
  if (type === 'object' || type === 'native') return name;
  if (type === 'closure') return `(closure) ${name}`;
  if (type === 'array' || type === 'hidden' || type === 'object shape') return `(${type}) ${name.slice(0, 40)}`;
  return `(${type})`;
}

interface Analysis {
  s: Snapshot;
  total: number;
  groups: Map<string, { size: number; count: number }>;
  /** Per node: the node before it on a shortest path from the root, and the edge's name; -1 when unreached. */
  parent: Int32Array;
  parentEdge: Int32Array;
}

function analyse(file: string): Analysis {
  const s = parse(file);
  const nf = s.nodeFields.length;
  const ef = s.edgeFields.length;
  const count = s.nodes.length / nf;
  const size = s.nodeFields.indexOf('self_size');
  const edgeCount = s.nodeFields.indexOf('edge_count');
  const groups = new Map<string, { size: number; count: number }>();
  let total = 0;
  const firstEdge = new Int32Array(count + 1);
  for (let n = 0; n < count; n++) {
    const g = groupOf(s, n);
    const e = groups.get(g) ?? { size: 0, count: 0 };
    e.size += s.nodes[n * nf + size] as number;
    e.count++;
    groups.set(g, e);
    total += s.nodes[n * nf + size] as number;
    firstEdge[n + 1] = (firstEdge[n] as number) + (s.nodes[n * nf + edgeCount] as number);
  }
  const weak = s.edgeTypes.indexOf('weak');
  const shortcut = s.edgeTypes.indexOf('shortcut');
  const parent = new Int32Array(count).fill(-1);
  const parentEdge = new Int32Array(count).fill(-1);
  const queue = new Int32Array(count);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  parent[0] = 0;
  while (head < tail) {
    const n = queue[head++] as number;
    for (let e = firstEdge[n] as number; e < (firstEdge[n + 1] as number); e++) {
      const t = s.edges[e * ef] as number;
      if (t === weak || t === shortcut) continue;
      const to = (s.edges[e * ef + 2] as number) / nf;
      if (parent[to] !== -1) continue;
      parent[to] = n;
      parentEdge[to] = e;
      queue[tail++] = to;
    }
  }
  return { s, total, groups, parent, parentEdge };
}

function pathOf(a: Analysis, node: number, hops: number): string {
  const { s } = a;
  const ef = s.edgeFields.length;
  const parts: string[] = [];
  let n = node;
  for (let h = 0; h < hops && n !== 0; h++) {
    const e = a.parentEdge[n] as number;
    if (e < 0) return `(unreached) ${parts.join(' <- ')}`;
    const type = s.edgeTypes[s.edges[e * ef] as number];
    const nameOrIndex = s.edges[e * ef + 1] as number;
    const name = type === 'element' || type === 'hidden' ? '[]' : (s.strings[nameOrIndex] ?? '?').slice(0, 30);
    n = a.parent[n] as number;
    // Entries of a Map's or an array's table are named by their index: one path for all of them.
    parts.push(`${groupOf(s, n)}.${/^\d+$/.test(name) ? '[]' : name}`);
  }
  return parts.join(' <- ');
}

const [earlyFile, lateFile] = process.argv.slice(2).filter((x) => !x.startsWith('--') && !/^\d+$/.test(x));
if (!earlyFile || !lateFile) throw new Error('npx tsx bench/heap-diff.ts EARLY LATE');
const early = analyse(earlyFile);
const late = analyse(lateFile);
const mib = (b: number) => (b / 1048576).toFixed(1);
console.log(`self sizes: early ${mib(early.total)} MiB in ${early.s.nodes.length / early.s.nodeFields.length} nodes, late ${mib(late.total)} MiB in ${late.s.nodes.length / late.s.nodeFields.length} nodes`);
const rows = [...new Set([...early.groups.keys(), ...late.groups.keys()])].map((g) => {
  const e = early.groups.get(g) ?? { size: 0, count: 0 };
  const l = late.groups.get(g) ?? { size: 0, count: 0 };
  return { g, e, l, grew: l.size - e.size };
});
console.log('\nlargest in the late snapshot: group | early MiB (count) | late MiB (count)');
for (const r of [...rows].sort((x, y) => y.l.size - x.l.size).slice(0, TOP)) console.log(`${r.g} | ${mib(r.e.size)} (${r.e.count}) | ${mib(r.l.size)} (${r.l.count})`);
console.log('\ngrew most: group | early MiB (count) | late MiB (count) | grew MiB');
const grown = [...rows].sort((x, y) => y.grew - x.grew).slice(0, TOP);
for (const r of grown) console.log(`${r.g} | ${mib(r.e.size)} (${r.e.count}) | ${mib(r.l.size)} (${r.l.count}) | ${mib(r.grew)}`);
console.log('\nwhere the late instances of the groups that grew most are held (commonest shortest retainer paths, 6 hops):');
const nf = late.s.nodeFields.length;
const wanted = new Set(grown.slice(0, 8).map((r) => r.g));
const paths = new Map<string, Map<string, { count: number; size: number }>>();
const size = late.s.nodeFields.indexOf('self_size');
for (let n = 0; n < late.s.nodes.length / nf; n++) {
  const g = groupOf(late.s, n);
  if (!wanted.has(g)) continue;
  const p = pathOf(late, n, 6);
  const byPath = paths.get(g) ?? new Map();
  const e = byPath.get(p) ?? { count: 0, size: 0 };
  e.count++;
  e.size += late.s.nodes[n * nf + size] as number;
  byPath.set(p, e);
  paths.set(g, byPath);
}
for (const g of wanted) {
  console.log(`\n${g}:`);
  for (const [p, e] of [...(paths.get(g) ?? new Map<string, { count: number; size: number }>())].sort((x, y) => y[1].size - x[1].size).slice(0, PATHS)) console.log(`  ${mib(e.size)} MiB, ${e.count}: ${p}`);
}
