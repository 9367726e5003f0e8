/**
 * `govblog census report` against its floor. Generates N account records
 * (JSONL under the system temp folder, reused between runs), then measures:
 *   floor  — reading the file and JSON.parse of every line on one core, nothing else;
 *   report — the whole report (validate, label, de-duplicate, count, rank, JSON),
 *            on this thread alone (threads 1) and with --threads worker threads
 *            (default: one a core), each run also checked to give the same JSON.
 * Prints accounts (records) per second and report/floor for each (target ≤ 1.5
 * with threads, issue 16); with --peak M, also the peak RSS of a separate
 * process making the report over M records with the threads (target < 1 GiB
 * for 10M). One JSON line of figures at the end: the best of the runs, and
 * the range over them.
 *
 *   npx tsx bench/census.ts [--n 1000000] [--peak 10000000] [--runs 3] [--threads 2] [--dist]
 *
 * --dist: the report from the compiled code (dist/, `npx tsc -p tsconfig.build.json`
 * first), as `govblog census report` runs installed; its worker threads then
 * start without tsx's loader (about 0.1 s instead of 0.3 s here).
 *
 * The records: 4 providers, 5% later duplicates, 10% unlabelled (the
 * classifier runs on those), 0.1% bad lines, ~6% opened after the cut-off,
 * closed, unverified or non-government — a crawl's mix.
 */
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseCutoff } from '../src/census/cutoff.js';
import * as fromSources from '../src/census/run-report.js';
import { CERTAIN, PROVIDERS } from '../src/census/testing/population.js';
import { mulberry32 as rng } from '../src/app/random.js';
import { LEVELS, ORGAN_KINDS, PROVINCE_CODES, RANKS } from '../src/domain/taxonomy.js';

function arg(name: string, fallback: number | undefined): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v <= 0) throw new Error(`--${name}: expected a positive integer`);
  return v;
}

const GENERATOR_VERSION = 1;
const CUTOFF = parseCutoff('2012-12-20')!;

/** Writes n records to a file (streamed, so 10M never sit in memory); reuses an earlier file. */
async function generate(n: number): Promise<string> {
  const path = join(tmpdir(), `govblog-bench-census-v${GENERATOR_VERSION}-${n}.jsonl`);
  if (existsSync(path)) return path;
  const r = rng(n);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const tmp = `${path}.part`;
  const out = createWriteStream(tmp);
  let buffer = '';
  const distinct = Math.round(n / 1.05);
  for (let i = 0; i < n; i++) {
    // The first `distinct` lines are distinct accounts; the rest repeat earlier ones (a second crawl page).
    const a = i < distinct ? i : Math.floor(r() * distinct);
    const x = r();
    let line: string;
    if (x < 0.001) line = pick(['not json', '{"provider":"weibo.example"}', '[1]', '{"provider":"weibo.example","id":"1","name":"x","verified":true,"created_at":"2012-13-01T00:00:00Z"}']);
    else {
      const unlabelled = x < 0.101;
      const c = unlabelled ? pick(CERTAIN) : undefined;
      const kind = r() < 0.64 ? 'institutional' : 'individual';
      const level = pick(LEVELS);
      const y = r();
      const created = y < 0.015 ? '2013-02-01T08:00:00Z' : `20${10 + Math.floor(r() * 3)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 10)}T08:00:00Z`;
      line = JSON.stringify({
        provider: PROVIDERS[a % 4],
        id: String(1_000_000_000 + a),
        handle: `gov${a}`,
        name: c ? c.name : `政务账号${a}`,
        verified: !(y > 0.015 && y < 0.03),
        verification: c ? c.verification : '某某市人民政府新闻办公室官方微博',
        created_at: created,
        closed_at: y > 0.03 && y < 0.045 ? '2012-06-01T00:00:00Z' : null,
        followers: Math.floor(r() * r() * 5_000_000),
        posts: Math.floor(r() * 50_000),
        labels: c
          ? null
          : y > 0.045 && y < 0.06
            ? { government: false, kind: null, organ: null, public_security: false, level: null, rank: null, province: null }
            : {
                government: true,
                kind,
                organ: pick(ORGAN_KINDS),
                public_security: r() < 0.38,
                level,
                rank: kind === 'individual' ? pick(RANKS) : null,
                province: level === 'national' ? null : pick(PROVINCE_CODES),
              },
      });
    }
    buffer += line + '\n';
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  renameSync(tmp, path);
  return path;
}

/** The floor: every line read and JSON-parsed, as fast as plain Node does it. */
async function floor(path: string): Promise<number> {
  let carry: Buffer | undefined;
  let parsed = 0;
  for await (let chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (carry) chunk = Buffer.concat([carry, chunk]);
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      try {
        if (JSON.parse(chunk.toString('utf8', start, nl)) !== undefined) parsed++;
      } catch {
        // a bad line costs the floor its parse attempt, as it costs the report
      }
      start = nl + 1;
    }
    carry = start < chunk.length ? chunk.subarray(start) : undefined;
  }
  return parsed;
}

const { makeReport, renderReport } = process.argv.includes('--dist') ? ((await import(new URL('../dist/census/run-report.js', import.meta.url).href)) as typeof fromSources) : fromSources;

async function report(path: string, threads: number): Promise<string> {
  const r = await makeReport({ inputs: [path], cutoff: CUTOFF, previous: [], previousCutoff: parseCutoff('2011-12-20')!, threads }, { err: () => {} });
  const rendered = await renderReport(r, 'json');
  return rendered.kind === 'text' ? rendered.text : '';
}

async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await f();
  return [(performance.now() - t) / 1000, v];
}

async function child(path: string, threads: number): Promise<void> {
  const [seconds, text] = await time(() => report(path, threads));
  const r = JSON.parse(text) as { total: number; accounts: { distinct: number } };
  process.send!({ seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024, total: r.total, distinct: r.accounts.distinct });
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf('--child');
  const threads = arg('threads', availableParallelism())!;
  if (childAt >= 0) return child(process.argv[childAt + 1]!, threads);

  const n = arg('n', 1_000_000)!;
  const runs = arg('runs', 3)!;
  const peak = arg('peak', undefined);
  const path = await generate(n);
  const bytes = statSync(path).size;
  const floors: number[] = [];
  const single: number[] = [];
  const parallel: number[] = [];
  let total = 0;
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  for (let i = 0; i < runs; i++) {
    const [f] = await time(() => floor(path));
    floors.push(f);
    const [t1, text] = await time(() => report(path, 1));
    single.push(t1);
    const [tn, textN] = await time(() => report(path, threads));
    parallel.push(tn);
    if (textN !== text) throw new Error(`the report with ${threads} threads differs from the one with 1`);
    total = (JSON.parse(text) as { total: number }).total;
    process.stderr.write(`run ${i + 1}: floor ${f.toFixed(2)} s, report ${t1.toFixed(2)} s on 1 thread (${(t1 / f).toFixed(2)}×), ${tn.toFixed(2)} s on ${threads} (${(tn / f).toFixed(2)}×)\n`);
  }
  const best = (xs: number[]): number => Math.min(...xs);
  // Ratios within a run (floor and report measured back to back), so that the load of the moment divides out.
  const ratios = (xs: number[]): number[] => xs.map((x, i) => x / floors[i]!);
  const range = (xs: number[]): [number, number] => [r2(Math.min(...xs)), r2(Math.max(...xs))];
  const figures: Record<string, unknown> = {
    records: n,
    file_mb: Math.round(bytes / 1e5) / 10,
    counted: total,
    threads,
    code: process.argv.includes('--dist') ? 'dist' : 'src (tsx)',
    floor_s: r2(best(floors)),
    floor_s_range: range(floors),
    report_1_thread_s: r2(best(single)),
    report_1_thread_s_range: range(single),
    report_threads_s: r2(best(parallel)),
    report_threads_s_range: range(parallel),
    accounts_per_s: Math.round(n / best(parallel)),
    ratio_1_thread: r2(best(single) / best(floors)),
    ratio_1_thread_range: range(ratios(single)),
    ratio_threads: r2(best(parallel) / best(floors)),
    ratio_threads_range: range(ratios(parallel)),
    ratio_target: 1.5,
  };
  if (peak !== undefined) {
    const big = await generate(peak);
    // A fresh process, so that the figure is the report's own peak (its worker threads included) and not this one's.
    const proc = fork(fileURLToPath(import.meta.url), ['--child', big, '--threads', String(threads), ...(process.argv.includes('--dist') ? ['--dist'] : [])], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const [message] = (await once(proc, 'message')) as [{ seconds: number; maxRssBytes: number; distinct: number }];
    await once(proc, 'exit');
    Object.assign(figures, {
      peak_records: peak,
      peak_threads: threads,
      peak_distinct_accounts: message.distinct,
      peak_report_s: Math.round(message.seconds * 10) / 10,
      peak_rss_mib: Math.round(message.maxRssBytes / 2 ** 20),
      peak_rss_target_mib: 1024,
    });
  }
  process.stdout.write(JSON.stringify(figures) + '\n');
}

await main();
