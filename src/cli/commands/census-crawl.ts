/**
 * `govblog census crawl --provider URL [--provider URL …] --out FILE`
 * (CONTRACT §1): every provider's directory into one JSONL file of account
 * records, with progress on stderr (bars on a terminal, lines otherwise).
 *
 * The output and `FILE.checkpoint.json` go together. Run again after a
 * failure or an interrupt, the same command resumes where the checkpoint
 * says; once every provider is done the checkpoint is removed. An output
 * without a checkpoint is a finished crawl (or someone else's file): it is
 * refused rather than overwritten, unless `--fresh` asks to start over.
 *
 * With `--discover`, the crawl first finds more census providers from the
 * given ones' peer lists (src/census/discover.ts), keeping what it found in
 * `FILE.discovery.json` until the crawl of them all is complete.
 */
import { existsSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import { crawl, CrawlRefused, normalizeProviderUrl, type CrawlOutcome, type CrawlProgress } from '../../census/crawl.js';
import { plainProgress, terminalProgress } from '../../census/crawl-progress.js';
import { plainDiscoveryProgress, terminalDiscoveryProgress } from '../../census/discover-progress.js';
import { crawlWithDiscovery, DISCOVERY_DEFAULTS, discoveryStatePath } from '../../census/discover.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_RETRY_POLICY } from '../../census/retry.js';
import { LIMITS } from '../../domain/limits.js';
import { CliError } from '../errors.js';

export interface CensusCrawlOptions {
  provider?: string[];
  out?: string;
  pageSize?: string;
  timeout?: string;
  retries?: string;
  maxBodyMib?: string;
  fresh?: boolean;
  discover?: boolean;
  depth?: string;
  maxProviders?: string;
  maxHosts?: string;
  allowPrivatePeers?: boolean;
}

/** What the command runs against; tests replace the network's timing and the terminal. */
export interface CensusCrawlEnv {
  stderr: { write(text: string): unknown; isTTY?: boolean };
  signal?: AbortSignal;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Discovery: the least time between two requests to one host (default 1 s). */
  hostIntervalMs?: number;
}

function integer(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError(`${flag}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`, 2);
  }
  return n;
}

function seconds(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 3600) {
    throw new CliError(`${flag}: expected a number of seconds above 0 and at most 3600, got ${JSON.stringify(raw)}`, 2);
  }
  return n;
}

/** A provider's name in the census: a host name, with a port if need be (`weibo.example`, `127.0.0.1:3000`). */
const PROVIDER_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/;

/**
 * The providers as given (`URL`, or `NAME=URL` to name it otherwise than by its host), checked and
 * normalized, with their names; a bad or repeated URL or name is a usage error naming the flag.
 */
function providerList(raw: readonly string[]): { urls: string[]; names: Record<string, string> } {
  if (raw.length === 0) throw new CliError('--provider URL is required (repeat it for several providers)', 2);
  const names: Record<string, string> = {};
  const named = new Map<string, string>();
  for (const r of raw) {
    // A name holds no "/", so the first "=" before any "/" ends it; a URL alone has its "/" first.
    const eq = r.indexOf('=');
    const given = eq > 0 && !r.slice(0, eq).includes('/') ? r.slice(0, eq).trim().toLowerCase() : null;
    const rawUrl = given === null ? r : r.slice(eq + 1);
    let url: string;
    try {
      url = normalizeProviderUrl(rawUrl);
    } catch (e) {
      throw new CliError(`--provider: ${(e as Error).message}`, 2);
    }
    if (url in names) throw new CliError(`--provider: ${url} is given twice`, 2);
    if (given !== null && !PROVIDER_NAME.test(given)) {
      throw new CliError(`--provider: ${JSON.stringify(r.slice(0, eq))} is not a provider name (a host name such as weibo.example, in NAME=URL)`, 2);
    }
    const name = given ?? new URL(url).host;
    const other = named.get(name);
    if (other !== undefined) throw new CliError(`--provider: ${other} and ${url} are both named ${name}; give each provider its own name (NAME=URL)`, 2);
    named.set(name, url);
    names[url] = name;
  }
  return { urls: Object.keys(names), names };
}

/** Runs the crawl; resolves when every provider is done, else throws a CliError of one line (1: the run failed, 2: usage). */
export async function runCensusCrawl(opts: CensusCrawlOptions, env: CensusCrawlEnv): Promise<CrawlOutcome> {
  const { urls: providers, names } = providerList(opts.provider ?? []);
  if (!opts.out) throw new CliError('--out FILE is required', 2);
  if (opts.out === '-') throw new CliError('--out: the crawl resumes from its output, so it must be a file, not stdout', 2);
  const pageSize = integer('--page-size', opts.pageSize, LIMITS.govDirectoryPageMax, 1, LIMITS.govDirectoryPageMax);
  const timeoutMs = seconds('--timeout', opts.timeout, 30) * 1000;
  const retries = integer('--retries', opts.retries, DEFAULT_RETRY_POLICY.retries, 0, 100);
  const maxBodyBytes = integer('--max-body-mib', opts.maxBodyMib, DEFAULT_MAX_BODY_BYTES / 2 ** 20, 1, 1024) * 2 ** 20;
  const discovering = opts.discover === true;
  for (const [flag, given] of [['--depth', opts.depth], ['--max-providers', opts.maxProviders], ['--max-hosts', opts.maxHosts], ['--allow-private-peers', opts.allowPrivatePeers]] as const) {
    if (given !== undefined && given !== false && !discovering) throw new CliError(`${flag}: only with --discover (it bounds or allows what discovery finds)`, 2);
  }
  const depth = integer('--depth', opts.depth, DISCOVERY_DEFAULTS.depth, 1, 10);
  const maxProviders = integer('--max-providers', opts.maxProviders, DISCOVERY_DEFAULTS.maxProviders, 1, 10_000);
  const maxHosts = integer('--max-hosts', opts.maxHosts, DISCOVERY_DEFAULTS.maxHosts, 1, 100_000);
  if (!discovering && existsSync(discoveryStatePath(opts.out))) {
    if (!opts.fresh) throw new CliError(`census crawl: ${discoveryStatePath(opts.out)} is a crawl begun with --discover; give --discover and the same flags to resume it, or pass --fresh to start over`, 2);
    // Starting over without discovery: its state belongs to the crawl being overwritten.
    rmSync(discoveryStatePath(opts.out), { force: true });
  }

  const write = (line: string): void => void env.stderr.write(line + '\n');
  const progress: CrawlProgress = env.stderr.isTTY ? terminalProgress(env.stderr as NodeJS.WritableStream) : plainProgress(write);

  const crawlEnv = {
    progress,
    ...(env.signal ? { signal: env.signal } : {}),
    http: {
      policy: { ...DEFAULT_RETRY_POLICY, retries },
      timeoutMs,
      maxBodyBytes,
      ...(env.fetch ? { fetch: env.fetch } : {}),
      ...(env.sleep ? { sleep: env.sleep } : {}),
      ...(env.random ? { random: env.random } : {}),
    },
  };
  let outcome: CrawlOutcome;
  try {
    if (discovering) {
      const result = await crawlWithDiscovery(
        { providers, names, out: opts.out, pageSize, fresh: opts.fresh === true, depth, maxProviders, maxHosts, allowPrivatePeers: opts.allowPrivatePeers === true },
        {
          ...crawlEnv,
          discoveryProgress: env.stderr.isTTY ? terminalDiscoveryProgress(env.stderr as NodeJS.WritableStream) : plainDiscoveryProgress(write),
          ...(env.hostIntervalMs !== undefined ? { hostIntervalMs: env.hostIntervalMs } : {}),
        },
      );
      if (result.crawl === null) {
        throw new CliError(`census crawl: interrupted while discovering providers; ${discoveryStatePath(opts.out)} is kept: run the same command again to resume`, 1);
      }
      outcome = result.crawl;
    } else {
      outcome = await crawl({ providers, names, out: opts.out, pageSize, fresh: opts.fresh === true }, crawlEnv);
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (e instanceof CrawlRefused) throw new CliError(`census crawl: ${e.message}`, 2);
    const err = e as NodeJS.ErrnoException;
    throw new CliError(`census crawl: cannot write ${err.path ?? opts.out}: ${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`, 1);
  }

  if (outcome.interrupted) {
    throw new CliError(`census crawl: interrupted after ${outcome.written} accounts; ${outcome.checkpoint} is kept: run the same command again to resume`, 1);
  }
  const failed = outcome.providers.filter((p) => !p.done);
  if (failed.length > 0) {
    const why = failed.map((p) => `${p.name} (${p.error ?? 'stopped'})`).join('; ');
    throw new CliError(`census crawl: gave up on ${why}; the others are done and ${outcome.checkpoint} is kept: run the same command again to resume`, 1);
  }
  write(`crawl: wrote ${outcome.written} account records from ${outcome.providers.length} provider${outcome.providers.length === 1 ? '' : 's'} to ${outcome.out}`);
  return outcome;
}

/** Adds `census crawl` to the `census` command. */
export function registerCensusCrawl(census: Command): void {
  census
    .command('crawl')
    .description("crawl providers' directories into account records (JSONL); resumes after a failure")
    .option(
      '--provider <url>',
      "a provider's base URL, e.g. https://weibo.example, or NAME=URL to name it in the census otherwise than by its host, e.g. weibo.example=http://127.0.0.1:3000 (repeatable; every record from it carries that name, and one that claims another is left out)", (v: string, all: string[]) => [...all, v], [] as string[])
    .requiredOption('--out <file>', 'where to write the account records; FILE.checkpoint.json beside it while the crawl is unfinished')
    .option('--page-size <n>', `records a page asked of the census feed (1–${LIMITS.govDirectoryPageMax}; the Mastodon directory gives at most 80)`, String(LIMITS.govDirectoryPageMax))
    .option('--timeout <seconds>', 'per request, until the whole page has arrived', '30')
    .option('--retries <n>', 'retries of a failed request (429, 5xx, timeouts, dropped connections) before giving a provider up', String(DEFAULT_RETRY_POLICY.retries))
    .option('--max-body-mib <n>', 'the largest answer read from a provider, in MiB (1–1024); a larger one fails that provider', String(DEFAULT_MAX_BODY_BYTES / 2 ** 20))
    .option('--fresh', 'start over: forget the checkpoint and overwrite FILE')
    .option('--discover', "find more providers from the given ones' peer lists (NodeInfo, /api/v1/instance/peers) and crawl those that publish a census feed")
    .option('--depth <n>', `with --discover: hops of peer lists followed from a given provider (1–10; 1, the default: their peers only)`)
    .option('--max-providers <n>', `with --discover: the most providers found beyond the given ones (default ${DISCOVERY_DEFAULTS.maxProviders})`)
    .option('--max-hosts <n>', `with --discover: the most hosts asked whether they are census providers (default ${DISCOVERY_DEFAULTS.maxHosts})`)
    .option('--allow-private-peers', 'with --discover: a host found may be on a loopback or private address (tests and the demo only)')
    .action(async (opts: CensusCrawlOptions) => {
      // Ctrl-C stops requests at once and leaves the checkpoint for a resume; a second Ctrl-C kills as usual.
      const interrupt = new AbortController();
      const onSigint = (): void => interrupt.abort(new Error('interrupted'));
      process.once('SIGINT', onSigint);
      try {
        await runCensusCrawl(opts, { stderr: process.stderr, signal: interrupt.signal });
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
