/**
 * Looks inside a running govblog process's memory (issue 16, memory over a
 * day's load): opens its inspector (SIGUSR1, as `node inspect -p` does),
 * forces a full collection, and prints one JSON line of process.memoryUsage()
 * after it, V8's heap spaces and the process's RSS split as /proc reports it;
 * with --snapshot FILE also writes a heap snapshot (taken after the
 * collection, so it holds only what is live).
 *
 *   npx tsx bench/heap-probe.ts --pid PID [--snapshot FILE]
 *
 * The inspector opens on 127.0.0.1:9229 (the process's debug port) and is
 * closed again by the process half a second after the probe disconnects, so
 * probe one process at a time.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { numberOption, option } from './bench-db.js';

const PID = numberOption('pid', 0);
const PORT = 9229;
const SNAPSHOT = option('snapshot');
if (!PID) throw new Error('--pid PID');

function proc(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const m = /^(VmRSS|RssAnon|RssFile|RssShmem|VmHWM):\s+(\d+) kB/.exec(line);
    if (m) out[m[1] as string] = Math.round(Number(m[2]) / 1024);
  }
  return out;
}

async function inspectorUrl(): Promise<string> {
  process.kill(PID, 'SIGUSR1');
  for (let i = 0; i < 50; i++) {
    try {
      const list = (await (await fetch(`http://127.0.0.1:${PORT}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
      if (list[0]) return list[0].webSocketDebuggerUrl;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no inspector on ${PORT} for ${PID}`);
}

const ws = new WebSocket(await inspectorUrl());
await new Promise((r, j) => ws.once('open', r).once('error', j));
let next = 1;
const waiting = new Map<number, (v: unknown) => void>();
let chunks: ((s: string) => void) | null = null;
ws.on('message', (data) => {
  const m = JSON.parse(String(data)) as { id?: number; method?: string; params?: { chunk: string }; result?: unknown; error?: unknown };
  if (m.method === 'HeapProfiler.addHeapSnapshotChunk' && m.params) chunks?.(m.params.chunk);
  if (m.id !== undefined) {
    if (m.error) throw new Error(JSON.stringify(m.error));
    waiting.get(m.id)?.(m.result);
    waiting.delete(m.id);
  }
});
const call = (method: string, params: object = {}) =>
  new Promise<unknown>((r) => {
    const id = next++;
    waiting.set(id, r);
    ws.send(JSON.stringify({ id, method, params }));
  });
const evaluate = async (expression: string) => {
  const r = (await call('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: unknown } };
  return r.result.value;
};

const before = { ...proc(PID), ...((await evaluate('process.memoryUsage()')) as object) };
await call('HeapProfiler.enable');
const t0 = Date.now();
await call('HeapProfiler.collectGarbage');
const gcMs = Date.now() - t0;
const after = (await evaluate('process.memoryUsage()')) as Record<string, number>;
const spaces = (await evaluate(
  "process.getBuiltinModule('v8').getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.space_size / 1048576), Math.round(s.space_used_size / 1048576)])",
)) as [string, number, number][];
const mib = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, k.startsWith('Vm') || k.startsWith('Rss') ? v : Math.round(v / 1048576)]));
if (SNAPSHOT) {
  const file = createWriteStream(SNAPSHOT);
  chunks = (s) => file.write(s);
  await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await new Promise((r) => file.end(r));
}
console.log(JSON.stringify({ pid: PID, gcMs, before: mib(before), afterGc: { ...proc(PID), ...mib(after) }, spaces }));
// inspector.close() waits for the sessions to end: the process closes it once this one has.
await evaluate("setTimeout(() => process.getBuiltinModule('node:inspector').close(), 500).unref(), 0");
ws.close();
await new Promise((r) => setTimeout(r, 1000));
