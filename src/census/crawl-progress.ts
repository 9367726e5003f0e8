/**
 * What a crawl shows while it runs: one live bar per provider on a terminal,
 * plain lines otherwise (a log file, CI). The directories announce no
 * totals, so a bar shows a count and a rate rather than a fraction.
 */
import cliProgress from 'cli-progress';
import type { CrawlProgress, ProviderOutcome, ProviderStatus } from './crawl.js';
import type { SourceKind } from './sources/source.js';

const SOURCE_NAMES: Record<SourceKind, string> = {
  'gov-directory': 'census feed',
  'mastodon-directory': 'Mastodon directory, classified',
};

/** The closing line of a provider, the same on a terminal and off it. */
export function outcomeLine(o: ProviderOutcome): string {
  const what = `${o.written} accounts in ${o.pages} pages (${SOURCE_NAMES[o.source]})${o.rejected ? `, ${o.rejected} records left out` : ''}`;
  if (o.done) return `crawl: ${o.name}: done, ${what}`;
  if (o.error) return `crawl: ${o.name}: FAILED after ${what}: ${o.error}`;
  return `crawl: ${o.name}: stopped after ${what}`;
}

export interface PlainProgressOptions {
  /** A line at least every this many pages… */
  everyPages?: number;
  /** …or after this many milliseconds, whichever comes first. */
  everyMs?: number;
  now?: () => number;
}

/** Progress as lines: `crawl: weibo.example: 12000 accounts, page 12`. */
export function plainProgress(write: (line: string) => void, opts: PlainProgressOptions = {}): CrawlProgress {
  const everyPages = opts.everyPages ?? 10;
  const everyMs = opts.everyMs ?? 5000;
  const now = opts.now ?? Date.now;
  const last = new Map<string, { pages: number; at: number }>();
  return {
    start(p) {
      last.set(p.url, { pages: p.pages, at: now() });
      write(p.resumed ? `crawl: ${p.name}: resuming at ${p.written} accounts, page ${p.pages}` : `crawl: ${p.name}: starting`);
    },
    page(p) {
      const l = last.get(p.url) ?? { pages: 0, at: 0 };
      const t = now();
      if (p.pages - l.pages >= everyPages || t - l.at >= everyMs) {
        last.set(p.url, { pages: p.pages, at: t });
        write(`crawl: ${p.name}: ${p.written} accounts, page ${p.pages}`);
      }
    },
    note(name, message) {
      write(`crawl: ${name}: ${message}`);
    },
    finish(o) {
      write(outcomeLine(o));
    },
    stop() {},
  };
}

interface BarPayload {
  name: string;
  state: string;
  pages: number;
  rate: string;
}

/** Progress as one live bar per provider on a terminal stream. */
export function terminalProgress(stream: NodeJS.WritableStream, now: () => number = Date.now): CrawlProgress {
  const multibar = new cliProgress.MultiBar({
    stream,
    hideCursor: true,
    clearOnComplete: false,
    stopOnComplete: false,
    fps: 5,
    format: (_options, params, payload: BarPayload) =>
      `${payload.name.padEnd(28)} ${payload.state.padEnd(8)} ${String(params.value).padStart(9)} accounts  page ${String(payload.pages).padStart(6)}  ${payload.rate} pages/s`,
  });
  const bars = new Map<string, { bar: cliProgress.SingleBar; startedAt: number; startPages: number; name: string }>();
  const rate = (b: { startedAt: number; startPages: number }, pages: number): string => {
    const seconds = (now() - b.startedAt) / 1000;
    return seconds > 0 ? ((pages - b.startPages) / seconds).toFixed(1) : '0.0';
  };
  return {
    start(p: ProviderStatus) {
      const bar = multibar.create(0, p.written, { name: p.name, state: p.resumed ? 'resumed' : 'crawling', pages: p.pages, rate: '0.0' } satisfies BarPayload);
      bars.set(p.url, { bar, startedAt: now(), startPages: p.pages, name: p.name });
    },
    page(p) {
      const b = bars.get(p.url);
      // The total is unknown: keep it level with the value so the bar never claims a fraction.
      b?.bar.setTotal(p.written);
      b?.bar.update(p.written, { pages: p.pages, rate: b ? rate(b, p.pages) : '0.0' });
    },
    note(name, message) {
      multibar.log(`crawl: ${name}: ${message}\n`);
    },
    finish(o) {
      const b = bars.get(o.url);
      b?.bar.update(o.written, { pages: o.pages, state: o.done ? 'done' : o.error ? 'FAILED' : 'stopped', rate: b ? rate(b, o.pages) : '0.0' });
      if (!o.done) multibar.log(outcomeLine(o) + '\n');
    },
    stop() {
      // stop() draws the bars but not the lines logged since the last frame (a failure's outcome): flush them first.
      multibar.update();
      multibar.stop();
    },
  };
}
