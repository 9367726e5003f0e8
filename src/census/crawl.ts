/**
 * `census crawl`: the directories of several providers, read concurrently
 * (one request in flight per provider) into one JSONL file of account
 * records (CONTRACT §2), resumable after a kill.
 *
 * Durability, in order, for every page: its records are written at the
 * output's known length and fsynced; then the checkpoint, which holds that
 * length and every provider's next cursor, is replaced atomically (temp file,
 * fsync, rename). A resumed crawl cuts the output back to the checkpoint's
 * length, dropping a page written after the last checkpoint (and any torn
 * line), and continues each provider from its cursor. So the resumed output
 * holds every page exactly once; `census report`'s de-duplication on
 * (provider, id) is a second guard, not the mechanism.
 */
import { open, readFile, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { guardedFetch } from '../app/fetch-guarded.js';
import { createHttpClient, type HttpClientOptions } from './retry.js';
import { mastodonDirectory } from './sources/mastodon-directory.js';
import { providerDirectory } from './sources/provider-directory.js';
import { SourceError, SourceMissingError, type AccountSource, type Cursor, type Page, type SourceKind } from './sources/source.js';
import { writeAtomically } from './atomic-file.js';

/** The resume state of one provider. */
export interface ProviderCheckpoint {
  /** The name its records carry (CrawlRequest.names); a resume under another name is refused. */
  name: string;
  /** Which API is being read; a gov feed that turned out missing has switched this to the Mastodon directory. */
  source: SourceKind;
  /** The next page to fetch; null before the first page, and once done. */
  next: Cursor | null;
  /** Records written to the output so far. */
  written: number;
  pages: number;
  rejected: number;
  done: boolean;
}

/** `<out>.checkpoint.json`. */
export interface Checkpoint {
  version: 1;
  /** The output file, as given. */
  out: string;
  /** The output's length in bytes when this was saved: everything before it is committed. */
  bytes: number;
  /** Keyed by the provider's normalized URL. */
  providers: Record<string, ProviderCheckpoint>;
  started_at: string;
  updated_at: string;
}

/** Told what the crawl is doing; the CLI draws bars or prints lines from it. */
export interface CrawlProgress {
  start(provider: ProviderStatus): void;
  page(provider: ProviderStatus): void;
  note(name: string, message: string): void;
  finish(provider: ProviderOutcome): void;
  stop(): void;
}

/** Where one provider stands. */
export interface ProviderStatus {
  url: string;
  /** Its name in the census, which every record of it carries: as the operator gave it, by default the URL's host. */
  name: string;
  source: SourceKind;
  written: number;
  pages: number;
  rejected: number;
  /** Continued from a checkpoint. */
  resumed: boolean;
}

export interface ProviderOutcome extends ProviderStatus {
  done: boolean;
  /** Why it stopped short (retries spent, a bad answer); null when done or interrupted. */
  error: string | null;
}

export interface CrawlOutcome {
  out: string;
  checkpoint: string;
  resumed: boolean;
  /** The signal aborted: the checkpoint is kept for a resume. */
  interrupted: boolean;
  providers: ProviderOutcome[];
  /** Records written by this run and the runs it resumed. */
  written: number;
}

export interface CrawlRequest {
  /** Providers' base URLs, normalized (see normalizeProviderUrl). */
  providers: string[];
  /**
   * The census operator's name for a provider, by its URL as in `providers`; a provider not named here
   * is named by its URL's host. Every record read from a provider carries its name; one that claims
   * another is left out. Two providers may not share a name.
   */
  names?: Record<string, string>;
  out: string;
  /** Records a page asked of the gov feed (≤ 1000); the Mastodon directory caps it at 80. */
  pageSize: number;
  /** Forget any checkpoint and truncate the output. */
  fresh?: boolean;
  /**
   * Providers of `providers` that `--discover` found rather than the operator named: read only
   * through their census feed (a server without one is not a census provider, and is not read
   * through the Mastodon directory), and every address connected to passes the private-address
   * guard unless `allowPrivatePeers`.
   */
  discovered?: readonly string[];
  /** Discovered providers may be on loopback or private addresses (tests, the demo). */
  allowPrivatePeers?: boolean;
}

export interface CrawlEnv {
  /** How requests are made and retried; `onRetry` is set per provider by the crawl. */
  http?: Omit<HttpClientOptions, 'onRetry'>;
  progress?: CrawlProgress;
  signal?: AbortSignal;
  now?: () => Date;
}

/** The crawl will not start: the output or its checkpoint is not what this command can continue. A usage error. */
export class CrawlRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CrawlRefused';
  }
}

/** A provider URL as the checkpoint keys it: http(s), no query or fragment, no trailing slash. Throws a message naming the problem. */
export function normalizeProviderUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`${JSON.stringify(raw)} is not a URL (e.g. https://weibo.example)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`${JSON.stringify(raw)} is not an http(s) URL`);
  if (u.search || u.hash) throw new Error(`${JSON.stringify(raw)}: give the provider's base URL, without a query or fragment`);
  if (u.username || u.password) throw new Error(`${JSON.stringify(raw)}: credentials in the URL are not supported`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

export function checkpointPath(out: string): string {
  return `${out}.checkpoint.json`;
}

/** A provider's name in the census: the one the operator gave, else its URL's host. */
export function providerName(url: string, names: Readonly<Record<string, string>> = {}): string {
  return names[url] ?? new URL(url).host;
}

/** The names of the request's providers, by URL; two providers of one name are a refusal. */
function providerNames(req: CrawlRequest): Map<string, string> {
  const byUrl = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const url of req.providers) {
    const name = providerName(url, req.names);
    const other = byName.get(name.toLowerCase());
    if (other !== undefined) throw new CrawlRefused(`${other} and ${url} are both named ${name}: give each provider its own name`);
    byName.set(name.toLowerCase(), url);
    byUrl.set(url, name);
  }
  return byUrl;
}

function sourceFor(kind: SourceKind, url: string, name: string, http: ReturnType<typeof createHttpClient>, pageSize: number): AccountSource {
  return kind === 'gov-directory' ? providerDirectory(url, http, { pageSize, name }) : mastodonDirectory(url, http, { pageSize, name });
}

async function exists(path: string): Promise<{ size: number } | null> {
  try {
    return await stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function sameProviders(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Reads and checks a checkpoint; a file this crawl cannot continue from is a refusal naming why. */
async function readCheckpoint(path: string): Promise<Checkpoint> {
  let cp: Checkpoint;
  try {
    cp = JSON.parse(await readFile(path, 'utf8')) as Checkpoint;
  } catch (e) {
    throw new CrawlRefused(`${path}: not a readable checkpoint (${(e as Error).message}); use --fresh to start over`);
  }
  const ok =
    cp !== null &&
    typeof cp === 'object' &&
    cp.version === 1 &&
    Number.isSafeInteger(cp.bytes) &&
    cp.bytes >= 0 &&
    cp.providers !== null &&
    typeof cp.providers === 'object' &&
    Object.values(cp.providers).every(
      (p) =>
        typeof p.name === 'string' &&
        (p.source === 'gov-directory' || p.source === 'mastodon-directory') &&
        (p.next === null || typeof p.next === 'string') &&
        Number.isSafeInteger(p.written) &&
        Number.isSafeInteger(p.pages) &&
        Number.isSafeInteger(p.rejected) &&
        typeof p.done === 'boolean',
    );
  if (!ok) throw new CrawlRefused(`${path}: not a checkpoint of this version of govblog; use --fresh to start over`);
  return cp;
}


/**
 * Opens the output for this run: fresh, resumed from its checkpoint, or
 * refused. Returns the checkpoint to continue from.
 */
async function prepare(req: CrawlRequest, names: ReadonlyMap<string, string>, cpPath: string, stamp: string): Promise<{ checkpoint: Checkpoint; resumed: boolean }> {
  const blank = (): Checkpoint => ({
    version: 1,
    out: req.out,
    bytes: 0,
    providers: Object.fromEntries(
      req.providers.map((url) => [url, { name: names.get(url) as string, source: 'gov-directory', next: null, written: 0, pages: 0, rejected: 0, done: false } satisfies ProviderCheckpoint]),
    ),
    started_at: stamp,
    updated_at: stamp,
  });
  const cpFile = req.fresh ? null : await exists(cpPath);
  const outFile = await exists(req.out);
  if (!cpFile) {
    if (outFile && outFile.size > 0 && !req.fresh) {
      throw new CrawlRefused(`${req.out} exists and there is no crawl of it to resume (${cpPath} is absent); remove it, choose another --out, or pass --fresh to overwrite it`);
    }
    // The checkpoint first: from here on, a kill leaves an output this command recognizes as its own.
    const checkpoint = blank();
    await writeAtomically(cpPath, JSON.stringify(checkpoint));
    await (await open(req.out, 'w')).close();
    return { checkpoint, resumed: false };
  }
  const checkpoint = await readCheckpoint(cpPath);
  const had = Object.keys(checkpoint.providers);
  if (!sameProviders(had, req.providers)) {
    throw new CrawlRefused(
      `${cpPath} is a crawl of other providers (${had.join(', ')}); give the same --provider list to resume it, or pass --fresh to start over`,
    );
  }
  for (const [url, p] of Object.entries(checkpoint.providers)) {
    if (p.name !== names.get(url)) {
      throw new CrawlRefused(`${cpPath}: ${url} was crawled as ${p.name}, not ${names.get(url) ?? ''}; give it the same name to resume, or pass --fresh to start over`);
    }
  }
  const size = outFile?.size ?? 0;
  if (size < checkpoint.bytes) {
    throw new CrawlRefused(`${req.out} is shorter (${size} bytes) than its checkpoint says was written (${checkpoint.bytes}); pass --fresh to start over`);
  }
  if (!outFile) await (await open(req.out, 'w')).close();
  // Whatever follows the checkpointed length is a page that will be fetched again, or half a line.
  else if (size > checkpoint.bytes) await truncate(req.out, checkpoint.bytes);
  return { checkpoint, resumed: true };
}

const quietProgress: CrawlProgress = { start() {}, page() {}, note() {}, finish() {}, stop() {} };

/** Notes about rejected records a provider gets before they are only counted. */
const REJECTIONS_SHOWN = 5;

/** Crawls the providers into `req.out`; see the file's comment for how it survives a kill. */
export async function crawl(req: CrawlRequest, env: CrawlEnv = {}): Promise<CrawlOutcome> {
  const progress = env.progress ?? quietProgress;
  const now = env.now ?? (() => new Date());
  const cpPath = checkpointPath(req.out);
  const names = providerNames(req);
  const discovered = new Set(req.discovered ?? []);
  const { checkpoint, resumed } = await prepare(req, names, cpPath, now().toISOString());

  // A failure to write the output or the checkpoint ends every provider: the file is shared and the checkpoint must stay true.
  const stopAll = new AbortController();
  const signal = env.signal ? AbortSignal.any([env.signal, stopAll.signal]) : stopAll.signal;
  let ioError: unknown = null;

  const fh: FileHandle = await open(req.out, 'r+');
  let bytes = checkpoint.bytes;
  let tail: Promise<void> = Promise.resolve();

  /** Runs `step` after every earlier commit: one writer, pages whole and in the order they were committed. */
  const serially = (step: () => Promise<void>): Promise<void> => {
    const run = tail.then(step);
    tail = run.catch(() => undefined);
    return run;
  };

  const saveCheckpoint = async (): Promise<void> => {
    checkpoint.bytes = bytes;
    checkpoint.updated_at = now().toISOString();
    await writeAtomically(cpPath, JSON.stringify(checkpoint, null, 1));
  };

  /** Local I/O failed: remember the first failure and stop every provider. */
  const failIo = (e: unknown): never => {
    if (ioError === null) {
      ioError = e;
      stopAll.abort(e);
    }
    throw e;
  };

  const commit = (state: ProviderCheckpoint, page: Page): Promise<void> =>
    serially(async () => {
      if (ioError !== null) throw ioError;
      if (page.records.length > 0) {
        const chunk = Buffer.from(page.records.map((r) => JSON.stringify(r) + '\n').join(''), 'utf8');
        // Positional: a write that failed half-way is overwritten by the next, never followed by it.
        let off = 0;
        while (off < chunk.length) {
          const { bytesWritten } = await fh.write(chunk, off, chunk.length - off, bytes + off);
          off += bytesWritten;
        }
        await fh.datasync();
        bytes += chunk.length;
      }
      state.next = page.next;
      state.written += page.records.length;
      state.pages += 1;
      state.rejected += page.rejected.length;
      state.done = page.next === null;
      await saveCheckpoint();
    }).catch(failIo);

  const runProvider = async (url: string): Promise<ProviderOutcome> => {
    const state = checkpoint.providers[url] as ProviderCheckpoint;
    const name = state.name;
    const status = (): ProviderStatus => ({
      url,
      name,
      source: state.source,
      written: state.written,
      pages: state.pages,
      rejected: state.rejected,
      resumed: resumed && state.pages > 0,
    });
    const outcome = (error: string | null): ProviderOutcome => ({ ...status(), done: state.done, error });
    progress.start(status());
    if (state.done) {
      progress.finish(outcome(null));
      return outcome(null);
    }
    const found = discovered.has(url);
    const http = createHttpClient({
      ...env.http,
      // Found on another server's say-so: its address is judged at every connection.
      ...(found ? { fetch: guardedFetch({ allowPrivate: req.allowPrivatePeers === true }) } : {}),
      onRetry: (r) => progress.note(name, `${r.reason}; retry ${r.attempt} in ${(r.delayMs / 1000).toFixed(1)}s`),
    });
    let shown = 0;
    const readAll = async (source: AccountSource): Promise<void> => {
      for await (const page of source.pages(state.next, signal)) {
        for (const r of page.rejected) {
          if (shown++ < REJECTIONS_SHOWN) progress.note(name, `left out item ${r.index} of ${r.url}: ${r.error}`);
        }
        await commit(state, page);
        progress.page(status());
      }
    };
    try {
      try {
        await readAll(sourceFor(state.source, url, name, http, req.pageSize));
      } catch (e) {
        if (!(e instanceof SourceMissingError) || state.source !== 'gov-directory' || state.next !== null) throw e;
        if (found) throw new SourceError(`${e.message}: no census feed, though discovery found one (a discovered server is counted only through its census feed)`);
        progress.note(name, `no census feed (HTTP ${e.status} on /api/v1/gov/directory); reading the Mastodon directory and classifying its accounts`);
        await serially(async () => {
          state.source = 'mastodon-directory';
          await saveCheckpoint();
        }).catch(failIo);
        await readAll(sourceFor(state.source, url, name, http, req.pageSize));
      }
      if (shown > REJECTIONS_SHOWN) progress.note(name, `${shown} records left out in all`);
      progress.finish(outcome(null));
      return outcome(null);
    } catch (e) {
      if (ioError !== null || signal.aborted) {
        progress.finish(outcome(null));
        return outcome(null);
      }
      const message = (e as Error).message ?? String(e);
      progress.finish(outcome(message));
      return outcome(message);
    }
  };

  let outcomes: ProviderOutcome[];
  try {
    outcomes = await Promise.all(req.providers.map(runProvider));
  } finally {
    await fh.close().catch(() => undefined);
    progress.stop();
  }
  if (ioError !== null) throw ioError;

  const interrupted = env.signal?.aborted === true;
  const complete = !interrupted && outcomes.every((o) => o.done);
  if (complete) await rm(cpPath, { force: true });
  return {
    out: req.out,
    checkpoint: cpPath,
    resumed,
    interrupted,
    providers: outcomes,
    written: outcomes.reduce((n, o) => n + o.written, 0),
  };
}
