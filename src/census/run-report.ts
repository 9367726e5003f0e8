/**
 * The report use case: inputs streamed line by line -> validated -> labelled
 * -> de-duplicated -> counted at the cut-off -> the report, rendered in the
 * chosen format. Memory grows only with the number of distinct accounts (the
 * index), never with the size of the inputs. The previous census is counted
 * first, with its own index that is dropped before the current one is built,
 * so the peak is that of the larger census.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { parseAccountRecord } from '../domain/account-record.js';
import { buildReport, countAccounts, type CensusCounts, type CensusReport, type InputSummary, type RejectedLine } from './aggregate.js';
import type { Cutoff } from './cutoff.js';
import { AccountIndex, PAGE_BITS, PAGE_MASK } from './dedupe.js';
import { CensusIngest, examineChunk, type AccountDetails, type ExaminedChunk } from './ingest.js';
import { CHUNK_BYTES, IngestPool, IngestWorkerError, lineChunks } from './ingest-pool.js';
import { aggregateService } from './service.js';
import { RANKING_METHOD, RANKING_WEIGHTS, presentRanked, topAccounts, type RankedAccount, type Ranking } from './ranking.js';
import { readLineAt } from './read-lines.js';
import { renderCsvStream, renderCsvTables } from './report/csv.js';
import { renderHtml } from './report/html.js';
import { renderJson } from './report/json.js';
import { renderMarkdown } from './report/md.js';
import { printHtmlToPdf } from './report/pdf.js';

export const REPORT_FORMATS = ['json', 'md', 'html', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** How many rejected lines the report lists (all are counted and printed on stderr). */
export const REJECTED_EXAMPLES = 100;

export interface ReportRequest {
  /** Inputs of this census, in order: a later occurrence of an account wins. '-' is stdin. */
  inputs: string[];
  cutoff: Cutoff;
  /** Last year's census, for growth; empty for none. */
  previous: string[];
  previousCutoff: Cutoff;
  /** Censuses at further dates, each its inputs at its cut-off: counted for the trend only. */
  earlier?: { cutoff: Cutoff; inputs: string[] }[];
  /**
   * Threads that parse, validate and label the lines, this one included
   * (default 1: all on this thread; N starts N − 1 worker threads). The
   * report is the same for any number.
   */
  threads?: number;
  /** Bytes of text per chunk handed to a thread (default CHUNK_BYTES); small ones let tests cut lines often. */
  chunkBytes?: number;
}

export interface ReportIo {
  /** One line on stderr: each rejected line as FILE:LINE: field: message. */
  err(line: string): void;
  /** Stands in for process.stdin when an input is '-'. */
  stdin?: Readable;
  /** Told every PROGRESS_EVERY lines, and at the end of each input, how far reading has got. */
  progress?: (input: string, lines: number, done: boolean) => void;
}

export const PROGRESS_EVERY = 200_000;

/** An input that cannot be read: the run fails (exit 1), naming the file. */
export class ReportInputError extends Error {}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const message = String(err?.message ?? e);
  return err?.code && !message.includes(err.code) ? `${err.code}: ${message}` : message;
}

const displayName = (path: string): string => (path === '-' ? 'stdin' : path);

interface Rejections {
  lines: number;
  examples: RejectedLine[];
}

/** Reads inputs into a fresh index at a cut-off; every rejected line is counted and reported. */
async function ingestInputs(
  paths: string[],
  role: InputSummary['role'],
  cutoff: Cutoff,
  io: ReportIo,
  rejections: Rejections,
  summaries: InputSummary[],
  pool: IngestPool | undefined,
  chunkBytes: number,
): Promise<CensusIngest> {
  if (paths.length > 0xffff) throw new ReportInputError(`too many inputs (${paths.length}; at most 65535)`);
  const ingest = new CensusIngest(new AccountIndex(), cutoff);
  for (let source = 0; source < paths.length; source++) {
    const path = paths[source]!;
    const name = displayName(path);
    const keepDetails = path === '-';
    let stream: AsyncIterable<Buffer | string>;
    try {
      if (path === '-') stream = io.stdin ?? process.stdin;
      else stream = (await open(path, 'r')).createReadStream({ highWaterMark: 1 << 20 });
    } catch (e) {
      throw new ReportInputError(`cannot read ${name}: ${describe(e)}`);
    }
    const before = { lines: ingest.lines, records: ingest.records, rejected: ingest.rejected };
    const reject = (line: number, error: string): void => {
      rejections.lines++;
      if (rejections.examples.length < REJECTED_EXAMPLES) rejections.examples.push({ input: name, line, error });
      io.err(`${name}:${line}: ${error}`);
    };
    try {
      await ingestChunks(pool, chunkBytes, stream, ingest, source, keepDetails, (line) => io.progress?.(name, line, false), reject);
    } catch (e) {
      if (e instanceof IngestWorkerError) throw e;
      throw new ReportInputError(`cannot read ${name}: ${describe(e)}`);
    }
    summaries.push({ input: name, role, lines: ingest.lines - before.lines, records: ingest.records - before.records, rejected: ingest.rejected - before.rejected });
    io.progress?.(name, ingest.lines - before.lines, true);
  }
  return ingest;
}

/**
 * One input in chunks of whole lines: each goes to a worker of the pool with
 * room or else is examined here (all of them without a pool), at most
 * pool.inFlight out at once, and they are stored strictly in input order,
 * with the progress and the rejected lines of each chunk told in line order.
 */
async function ingestChunks(
  pool: IngestPool | undefined,
  chunkBytes: number,
  stream: AsyncIterable<Buffer | string>,
  ingest: CensusIngest,
  source: number,
  keepDetails: boolean,
  progress: (line: number) => void,
  reject: (line: number, error: string) => void,
): Promise<void> {
  // Chunks in input order, each done when its worker's answer has come.
  const queue: { done: boolean; chunk?: ExaminedChunk; error?: unknown; answered: Promise<void> }[] = [];
  let lineBase = 0;
  let nextProgress = PROGRESS_EVERY;
  const store = (chunk: ExaminedChunk): void => {
    for (let k = 0; k < chunk.rejectedLine.length; k++) {
      const line = lineBase + chunk.rejectedLine[k]!;
      for (; nextProgress <= line; nextProgress += PROGRESS_EVERY) progress(nextProgress);
      reject(line, chunk.rejectedError[k]!);
    }
    lineBase += chunk.lineCount;
    for (; nextProgress <= lineBase; nextProgress += PROGRESS_EVERY) progress(nextProgress);
    ingest.addChunk(chunk, source);
  };
  const storeHead = async (): Promise<void> => {
    const head = queue[0]!;
    await head.answered;
    queue.shift();
    if (head.error !== undefined) throw head.error;
    store(head.chunk!);
  };
  const nextDayMs = ingest.cutoff.nextDayMs;
  const inFlight = pool?.inFlight ?? 1;
  for await (const { bytes, offset } of lineChunks(stream, chunkBytes)) {
    // The first chunk is examined here before any worker starts: an input of one chunk starts none.
    if (!pool || !pool.hasRoom || (!pool.started && offset === 0)) {
      queue.push({ done: true, chunk: examineChunk(bytes, offset, offset === 0, nextDayMs, keepDetails), answered: Promise.resolve() });
      while (queue.length > 0 && (queue[0]!.done || queue.length >= inFlight)) await storeHead();
      continue;
    }
    const slot: (typeof queue)[number] = { done: false, answered: Promise.resolve() };
    slot.answered = pool.examine(bytes, offset, offset === 0, nextDayMs, keepDetails).then(
      (chunk) => {
        slot.done = true;
        slot.chunk = chunk;
      },
      (error: unknown) => {
        slot.done = true;
        slot.error = error;
      },
    );
    queue.push(slot);
    while (queue.length > 0 && (queue[0]!.done || queue.length >= inFlight)) await storeHead();
  }
  while (queue.length > 0) await storeHead();
}

/** Names of the winners, read back from their last occurrences (or kept, for stdin). */
async function winnerDetails(ingest: CensusIngest, paths: string[], rows: number[]): Promise<Map<number, AccountDetails>> {
  const found = new Map<number, AccountDetails>();
  const bySource = new Map<number, number[]>();
  for (const row of rows) {
    const kept = ingest.details.get(row);
    if (kept) {
      found.set(row, kept);
      continue;
    }
    const source = ingest.index.pages[row >>> PAGE_BITS]!.source[row & PAGE_MASK]!;
    bySource.set(source, [...(bySource.get(source) ?? []), row]);
  }
  for (const [source, sourceRows] of bySource) {
    const path = paths[source]!;
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, 'r');
      for (const row of sourceRows) {
        const offset = ingest.index.pages[row >>> PAGE_BITS]!.offset[row & PAGE_MASK]!;
        const parsed = parseAccountRecord(await readLineAt(handle, offset));
        if (!parsed.ok || parsed.record.provider !== ingest.index.providerOf(row) || parsed.record.id !== ingest.index.idOf(row)) {
          throw new ReportInputError(`cannot read ${path}: it changed while the report was being made`);
        }
        const r = parsed.record;
        found.set(row, { name: r.name, handle: r.handle ?? null, verification: r.verification ?? null });
      }
    } catch (e) {
      throw e instanceof ReportInputError ? e : new ReportInputError(`cannot read ${path}: ${describe(e)}`);
    } finally {
      await handle?.close();
    }
  }
  return found;
}

async function rank(ingest: CensusIngest, paths: string[]): Promise<Ranking> {
  const inst = topAccounts(ingest.index, 'institutional');
  const ind = topAccounts(ingest.index, 'individual');
  const details = await winnerDetails(ingest, paths, [...inst.rows, ...ind.rows].map((r) => r.row));
  const present = (rows: typeof inst.rows): RankedAccount[] => rows.map((r, i) => presentRanked(ingest.index, r, i + 1, details.get(r.row)!));
  return {
    method: { ...RANKING_METHOD },
    weights: { ...RANKING_WEIGHTS },
    service_weighed: { institutional: inst.serviceWeighed, individual: ind.serviceWeighed },
    institutional: present(inst.rows),
    individual: present(ind.rows),
  };
}

/** Reads every input and makes the report. Throws ReportInputError when an input cannot be read. */
export async function makeReport(req: ReportRequest, io: ReportIo): Promise<CensusReport> {
  const threads = req.threads ?? 1;
  if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError(`threads: expected a whole number ≥ 1, got ${threads}`);
  const pool = threads > 1 ? new IngestPool(threads - 1) : undefined;
  try {
    return await makeReportWith(req, io, pool);
  } finally {
    await pool?.close();
  }
}

async function makeReportWith(req: ReportRequest, io: ReportIo, pool: IngestPool | undefined): Promise<CensusReport> {
  const chunkBytes = req.chunkBytes ?? CHUNK_BYTES;
  const rejections: Rejections = { lines: 0, examples: [] };
  const summaries: InputSummary[] = [];
  // Each earlier census is counted and its index dropped before the next is read: only its figures stay.
  const earlier: CensusCounts[] = [];
  for (const e of req.earlier ?? []) {
    const before = summaries.length;
    const ingest = await ingestInputs(e.inputs, 'earlier', e.cutoff, io, rejections, summaries, pool, chunkBytes);
    for (const s of summaries.slice(before)) s.cutoff = e.cutoff.date;
    earlier.push(countAccounts(ingest.index, e.cutoff));
  }
  let previous: CensusCounts | null = null;
  if (req.previous.length > 0) {
    const prev = await ingestInputs(req.previous, 'previous', req.previousCutoff, io, rejections, summaries, pool, chunkBytes);
    previous = countAccounts(prev.index, req.previousCutoff);
  }
  const current = await ingestInputs(req.inputs, 'current', req.cutoff, io, rejections, summaries, pool, chunkBytes);
  const counts = countAccounts(current.index, req.cutoff);
  const ranking = await rank(current, req.inputs);
  const service = aggregateService(current.index, Object.keys(counts.by_province));
  // The other censuses' summaries were pushed first; the report lists the current inputs first.
  const inputs = [...summaries.filter((s) => s.role === 'current'), ...summaries.filter((s) => s.role === 'previous'), ...summaries.filter((s) => s.role === 'earlier')];
  return buildReport({
    current: counts,
    read: { lines: current.lines, records: current.records, distinct: current.index.size },
    previous,
    earlier,
    ranking,
    service,
    rejected: rejections,
    inputs,
  });
}

/** A rendered report: one document, (csv) one per table, or (pdf) the bytes of one. */
export type Rendered = { kind: 'text'; text: string } | { kind: 'tables'; tables: { name: string; csv: string }[]; stream: string } | { kind: 'bytes'; bytes: Uint8Array };

/** How a format is rendered where the environment matters: pdf's Chromium (located when not given). */
export interface RenderOptions {
  chromium?: string;
}

/** Throws NoChromiumError (report/pdf.ts) for pdf when no Chromium can be found. */
export async function renderReport(report: CensusReport, format: ReportFormat, options: RenderOptions = {}): Promise<Rendered> {
  switch (format) {
    case 'json':
      return { kind: 'text', text: renderJson(report) };
    case 'md':
      return { kind: 'text', text: renderMarkdown(report) };
    case 'html':
      return { kind: 'text', text: await renderHtml(report) };
    case 'csv':
      return { kind: 'tables', tables: renderCsvTables(report), stream: renderCsvStream(report) };
    case 'pdf':
      return { kind: 'bytes', bytes: await printHtmlToPdf(await renderHtml(report), options.chromium) };
  }
}
