/**
 * Accounts per second of `census crawl` over HTTP from four local providers
 * holding the demo's population (181,414 records; 176,714 counted at the 2012
 * cut-off). The population is built once into a cache folder and reused; the
 * crawl itself is what is timed, `--runs` times, fresh each time.
 *
 *   npx tsx bench/crawl.ts [--runs 3] [--page-size 1000] [--data /tmp/govblog-bench-crawl]
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { crawl } from '../src/census/crawl.js';
import { buildDemoData, demoData, startDemoProviders, stopDemoProviders } from '../src/demo/providers.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const runs = Number(arg('runs', '3'));
const pageSize = Number(arg('page-size', '1000'));
const dir = arg('data', '/tmp/govblog-bench-crawl');
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
  process.stderr.write('bench/crawl: --runs takes a positive integer, --page-size 1 to 1000\n');
  process.exit(2);
}

const port = 3400;
if (!demoData(dir, port).ready) await buildDemoData(dir, port, (line) => process.stderr.write(line + '\n'));
const providers = await startDemoProviders(dir, port, join(dir, 'report.json'));
const times: number[] = [];
let written = 0;
try {
  for (let r = 1; r <= runs; r++) {
    const out = join(dir, 'bench-accounts.jsonl');
    const t = process.hrtime.bigint();
    const outcome = await crawl({ providers: providers.map((p) => p.url), names: Object.fromEntries(providers.map((p) => [p.url, p.host])), out, pageSize, fresh: true });
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    if (outcome.providers.some((p) => !p.done)) throw new Error('a provider did not finish');
    written = outcome.written;
    times.push(s);
    rmSync(out, { force: true });
    process.stderr.write(`run ${r}: ${written} records in ${s.toFixed(2)} s\n`);
  }
} finally {
  await stopDemoProviders(providers);
}
const best = Math.min(...times);
process.stdout.write(
  JSON.stringify({ providers: providers.length, records: written, page_size: pageSize, best_s: Number(best.toFixed(2)), accounts_per_s: Math.round(written / best), runs: times.map((t) => Number(t.toFixed(2))) }) + '\n',
);
