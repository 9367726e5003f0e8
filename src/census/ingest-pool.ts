/**
 * The report's inputs examined on every core: the main thread reads each input
 * in chunks cut at line ends and hands them to worker threads, which parse,
 * validate and label the lines (examineChunk); their compact columns come back
 * and are stored in input order, so the index, the rejected lines and the
 * progress are those of reading the input line by line on one thread.
 *
 * The main thread is one of the examining threads: `threads` N starts N − 1
 * workers, and the main thread examines a chunk itself whenever every worker
 * already holds its share. Reading and storing take it little time, so a
 * pool of N workers beside it left a core's worth of threads fighting over N
 * cores, and each extra thread pays its own start (0.1 s from dist, 0.3 s
 * under tsx), its own gazetteer and its own compilation of the parser.
 *
 * Memory stays bounded: at most `inFlight` chunks (1 MiB of text each, and
 * their columns) are out at once; reading waits for the oldest to be stored.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExaminedChunk } from './ingest.js';

/** What the main thread sends a worker: whole lines, `length` bytes of `bytes`, starting at byte `base` of the input. */
export interface ChunkTask {
  seq: number;
  bytes: ArrayBuffer;
  length: number;
  base: number;
  /** The chunk starts its input (a BOM may open its first line). */
  first: boolean;
  nextDayMs: number;
  keepDetails: boolean;
}

export type ChunkReply = { seq: number; chunk: ExaminedChunk; error?: undefined } | { seq: number; error: string; chunk?: undefined };

/** Bytes of text per chunk: large enough that the messages cost little, small enough to keep memory flat. */
export const CHUNK_BYTES = 1 << 20;

/** Chunks a worker holds at once: one being examined, one waiting, so that it never waits for the main thread. */
const PER_WORKER = 2;

/** A worker thread failed (not an input): a bug, or the thread could not start. */
export class IngestWorkerError extends Error {}

/**
 * The worker's entry: the compiled .js beside this file, or, when running
 * from the TypeScript sources (tsx, vitest), the .ts one with tsx's loader,
 * which a worker gets only through its execArgv. A worker inherits the
 * parent's flags when given none, leaving out those a thread cannot take
 * (--max-old-space-size, --trace-gc); given them explicitly, it refuses to
 * start: so the flags are passed only when tsx must be added.
 */
function workerEntry(): { url: URL; execArgv?: string[] } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./ingest-worker.js', here) };
  const url = new URL('./ingest-worker.ts', here);
  if (process.execArgv.some((a) => a.includes('tsx'))) return { url };
  return { url, execArgv: ['--import', pathToFileURL(createRequire(here).resolve('tsx')).href] };
}

interface Pending {
  resolve(c: ExaminedChunk): void;
  reject(e: Error): void;
  worker: number;
}

/**
 * Worker threads that examine chunks, started at the first chunk sent (a
 * report whose inputs fit in one chunk never pays for them); close() when done.
 */
export class IngestPool {
  private readonly workers: Worker[] = [];
  private readonly outstanding: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private failure: Error | undefined;

  /** Chunks out at once, across the workers and the main thread. */
  readonly inFlight: number;

  constructor(
    /** Worker threads (the examining threads but the main one). */
    readonly workerCount: number,
  ) {
    this.inFlight = workerCount * PER_WORKER + 2;
  }

  /** Whether the workers have been started. */
  get started(): boolean {
    return this.workers.length > 0;
  }

  private start(): void {
    const { url, execArgv } = workerEntry();
    for (let w = 0; w < this.workerCount; w++) {
      const worker = new Worker(url, execArgv ? { execArgv } : {});
      worker.on('message', (reply: ChunkReply) => this.settle(reply));
      worker.on('error', (e) => this.fail(new IngestWorkerError(`census worker thread failed: ${e.stack ?? e.message}`)));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new IngestWorkerError(`census worker thread exited (${code})`));
      });
      this.workers.push(worker);
      this.outstanding.push(0);
    }
  }

  private closing = false;

  private settle(reply: ChunkReply): void {
    const p = this.pending.get(reply.seq);
    if (!p) return;
    this.pending.delete(reply.seq);
    this.outstanding[p.worker]!--;
    if (reply.chunk) p.resolve(reply.chunk);
    else p.reject(new IngestWorkerError(`census worker thread failed: ${reply.error}`));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  /** Whether some worker holds fewer chunks than its share (or none is started yet), so that a chunk sent now does not wait for long. */
  get hasRoom(): boolean {
    return !this.started || this.outstanding.some((n) => n < PER_WORKER);
  }

  /** Sends a chunk (its memory goes with it) to the least busy worker. */
  examine(bytes: Buffer, base: number, first: boolean, nextDayMs: number, keepDetails: boolean): Promise<ExaminedChunk> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.started) this.start();
    let w = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.outstanding[i]! < this.outstanding[w]!) w = i;
    const seq = this.seq++;
    // The chunk's whole ArrayBuffer is transferred: it must start the buffer and not be a slice of Node's pool.
    let own = bytes;
    if (bytes.byteOffset !== 0 || bytes.buffer.byteLength <= Buffer.poolSize) {
      own = Buffer.allocUnsafeSlow(bytes.length);
      bytes.copy(own);
    }
    const task: ChunkTask = { seq, bytes: own.buffer as ArrayBuffer, length: own.length, base, first, nextDayMs, keepDetails };
    const promise = new Promise<ExaminedChunk>((resolve, reject) => this.pending.set(seq, { resolve, reject, worker: w }));
    this.outstanding[w]!++;
    this.workers[w]!.postMessage(task, [task.bytes]);
    return promise;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Cuts a byte stream into chunks of whole lines (the last may lack its
 * ending), each about `size` bytes, larger only for a line longer than that.
 * Each chunk has an ArrayBuffer of its own, so that it can be transferred.
 */
export async function* lineChunks(stream: AsyncIterable<Buffer | string>, size = CHUNK_BYTES): AsyncGenerator<{ bytes: Buffer; offset: number }> {
  let buf = Buffer.allocUnsafeSlow(size);
  let used = 0;
  let offset = 0;
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    let at = 0;
    while (at < chunk.length) {
      if (used === buf.length) {
        const nl = buf.lastIndexOf(10, used - 1);
        if (nl < 0) {
          // One line longer than the buffer: make room for the rest of it.
          const bigger = Buffer.allocUnsafeSlow(buf.length * 2);
          buf.copy(bigger, 0, 0, used);
          buf = bigger;
          continue;
        }
        const rest = used - (nl + 1);
        const carried = Buffer.allocUnsafeSlow(Math.max(size, rest * 2));
        buf.copy(carried, 0, nl + 1, used);
        yield { bytes: buf.subarray(0, nl + 1), offset };
        offset += nl + 1;
        buf = carried;
        used = rest;
        continue;
      }
      const n = Math.min(chunk.length - at, buf.length - used);
      chunk.copy(buf, used, at, at + n);
      used += n;
      at += n;
    }
  }
  if (used > 0) yield { bytes: buf.subarray(0, used), offset };
}
