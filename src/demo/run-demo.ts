import { join } from 'node:path';
import { crawl } from '../census/crawl.js';
import { plainProgress, terminalProgress } from '../census/crawl-progress.js';
import { CUTOFF_2010, CUTOFF_2011, CUTOFF_2012 } from './calibration.js';
import { DEMO_OPERATORS, DEMO_PASSWORD, demoPressOrgan } from './seed.js';
import { federateDemo } from './federate.js';
import { type DemoProvider, buildDemoData, demoData, startDemoProviders, stopDemoProviders } from './providers.js';
import { writeDemoReports } from './reports.js';

export interface DemoOptions {
  port: number;
  dataDir: string;
  /** Rebuild the population even when a previous run left one. */
  fresh: boolean;
  /** Stop after writing the report instead of serving (tests, scripted runs). */
  serve: boolean;
}

export interface DemoIO {
  out(line: string): void;
  err(line: string): void;
  /** A terminal: progress bars instead of lines. */
  tty: boolean;
}

export interface DemoRun {
  providers: DemoProvider[];
  reportDir: string;
  stop(): Promise<void>;
}

/**
 * `govblog demo`: four providers filled with the calibrated population (built
 * on the first run, reused after), federating with each other, crawled over
 * HTTP as the census crawls any provider, and the 2012 report written from
 * that crawl against 2011. The federation settles before the crawl, so that
 * every run crawls the same state and writes the same report.
 */
export async function runDemo(opts: DemoOptions, io: DemoIO): Promise<DemoRun> {
  const started = Date.now();
  const data = demoData(opts.dataDir, opts.port);
  let leaders;
  if (opts.fresh || !data.ready) {
    if (!opts.fresh && !data.ready) io.err(`demo: building the population in ${opts.dataDir}: ${data.why}`);
    leaders = await buildDemoData(opts.dataDir, opts.port, io.err);
  } else {
    io.err(`demo: reusing the population in ${opts.dataDir} (--fresh rebuilds it)`);
    leaders = data.leaders;
  }

  const reportPath = join(opts.dataDir, 'report.json');
  const providers = await startDemoProviders(opts.dataDir, opts.port, reportPath);
  try {
    io.err(`demo: the providers federate with each other over plain http on 127.0.0.1 (--allow-private-peers, for the demo only)`);
    const fed = await federateDemo(providers, leaders);
    const n = (x: number) => x.toLocaleString('en');
    io.err(
      `demo: federation: ${n(fed.organFollows + fed.citizenFollows)} cross-follows (${n(fed.organFollows)} by leading organs, ${n(fed.citizenFollows)} by citizens; ${n(fed.newFollows)} sent now); ` +
        `${n(fed.posts)} fresh posts of ${n(fed.posters)} organs (${n(fed.newPosts)} new), delivered ${n(fed.delivered)} times to the other providers (${(fed.ms / 1000).toFixed(1)} s)`,
    );
    const out = join(opts.dataDir, 'accounts.jsonl');
    const outcome = await crawl(
      // Each provider is named in the census by the host name it serves as (weibo.example…), not the 127.0.0.1 port it listens on.
      { providers: providers.map((p) => p.url), names: Object.fromEntries(providers.map((p) => [p.url, p.host])), out, pageSize: 1000, fresh: true },
      { progress: io.tty ? terminalProgress(process.stderr) : plainProgress(io.err) },
    );
    const failed = outcome.providers.filter((p) => !p.done);
    if (failed.length) throw new Error(`the crawl of ${failed.map((p) => `${p.name} (${p.error ?? 'unfinished'})`).join(', ')} failed`);
    io.err(`demo: crawled ${outcome.written.toLocaleString('en')} account records from ${providers.length} providers into ${out}`);
    const { lines } = await writeDemoReports({ input: out, dir: opts.dataDir, cutoff: CUTOFF_2012, previousCutoff: CUTOFF_2011, earlierCutoffs: [CUTOFF_2010] });
    for (const line of lines) io.out(line);
    io.out('');
    io.out(`Reports: ${join(opts.dataDir, 'report.html')} (also report.json, report.md, csv/)`);
    io.out('Providers (web UI, Mastodon API, census feed):');
    for (const p of providers) io.out(`  ${p.url}/web/   ${p.host}  ${p.zh} ${p.en}`);
    io.out(`Census dashboard: ${providers[0]?.url}/web/census`);
    io.out(`Sign in as reviewer, admin or citizen1…citizen60 with the password ${DEMO_PASSWORD}`);
    for (const p of providers) {
      const press = await demoPressOrgan(p.ctx);
      // A press officer signs in as themself, then acts for the organ from its profile to work its request inbox.
      if (press) io.out(`Press officers on ${p.host}: ${DEMO_OPERATORS.join(', ')} (the same password) run ${press.displayName || press.username} (@${press.username}): ${p.url}/web/@${press.username}, then ${p.url}/web/requests`);
    }
    const [a, b] = providers;
    const poster = leaders[b?.host ?? '']?.[0];
    if (a && b && poster) io.out(`Federation: citizen1 on ${a.host} (${a.url}/web/) follows ${poster.name} of ${b.host} (@${poster.handle}@${new URL(b.url).host}) and sees its posts at home`);
    io.err(`demo: ready in ${((Date.now() - started) / 1000).toFixed(1)} s${opts.serve ? '; serving until Ctrl-C' : ''}`);
  } catch (err) {
    await stopDemoProviders(providers);
    throw err;
  }
  return { providers, reportDir: opts.dataDir, stop: () => stopDemoProviders(providers) };
}
