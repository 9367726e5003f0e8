/**
 * What discovery shows while it runs: a line per host off a terminal (a log
 * file, CI); on a terminal one live line of counts, with a line logged
 * above it for every provider found and every host skipped.
 */
import cliProgress from 'cli-progress';
import type { DiscoveredHost, DiscoveryOutcome, DiscoveryProgress, DiscoveryState } from './discover.js';

/** How many skipped hosts the closing line names before it only counts them. */
const SKIPPED_NAMED = 5;

function hostLine(h: DiscoveredHost, peers: { listed: number; queued: number } | null): string | null {
  const where = h.via === null ? 'given' : `depth ${h.depth}, listed by ${h.via}`;
  const peerPart = peers ? `; ${peers.listed} peers listed, ${peers.queued} new` : '';
  if (h.status === 'provider') return `discover: ${h.host}: census provider (${h.reason ?? ''}; ${where})${peerPart}`;
  if (h.status === 'skipped') return `discover: ${h.host}: skipped: ${h.reason ?? ''} (${where})`;
  if (h.status === 'given' && peers) return `discover: ${h.host}: ${peers.listed} peers listed, ${peers.queued} new`;
  return null;
}

function startLine(state: DiscoveryState, resumed: boolean): string {
  if (resumed) {
    const asked = state.hosts.filter((h) => h.status === 'provider' || h.status === 'skipped').length;
    const found = state.hosts.filter((h) => h.status === 'provider').length;
    return `discover: resuming: ${asked} hosts asked, ${found} providers found${state.done ? ' (discovery done)' : ''}`;
  }
  return `discover: from ${state.given.length} given provider${state.given.length === 1 ? '' : 's'}, peers followed to depth ${state.depth}, at most ${state.maxProviders} more providers and ${state.maxHosts} hosts asked`;
}

/** The closing line, the same on a terminal and off it. */
export function discoveryOutcomeLine(o: DiscoveryOutcome): string {
  if (o.interrupted) return `discover: interrupted after ${o.found.length} providers found; the state is kept for a resume`;
  const skipped = o.skipped.length
    ? `; skipped ${o.skipped.length}: ${o.skipped
        .slice(0, SKIPPED_NAMED)
        .map((h) => `${h.host} (${(h.reason ?? '').split(' (')[0]})`)
        .join(', ')}${o.skipped.length > SKIPPED_NAMED ? `, and ${o.skipped.length - SKIPPED_NAMED} more` : ''}`
    : '';
  const bounds = [
    o.notAsked ? `${o.notAsked} hosts not asked (--max-providers ${o.state.maxProviders} reached)` : '',
    o.state.unqueued ? `${o.state.unqueued} peers not queued (--max-hosts ${o.state.maxHosts})` : '',
  ].filter((s) => s !== '');
  return `discover: found ${o.found.length} provider${o.found.length === 1 ? '' : 's'} beyond the ${o.state.given.length} given${skipped}${bounds.length ? `; ${bounds.join('; ')}` : ''}`;
}

/** Discovery as lines. */
export function plainDiscoveryProgress(write: (line: string) => void): DiscoveryProgress {
  return {
    start(state, resumed) {
      write(startLine(state, resumed));
    },
    host(h, peers) {
      const line = hostLine(h, peers);
      if (line !== null) write(line);
    },
    note(host, message) {
      write(`discover: ${host}: ${message}`);
    },
    finish(o) {
      write(discoveryOutcomeLine(o));
    },
  };
}

interface BarPayload {
  depth: number;
  asked: number;
  found: number;
  skipped: number;
  queued: number;
}

function counts(state: DiscoveryState): BarPayload {
  let asked = 0;
  let found = 0;
  let skipped = 0;
  let queued = 0;
  let depth = 0;
  for (const h of state.hosts) {
    if (h.status === 'provider') found++;
    if (h.status === 'skipped') skipped++;
    if (h.status === 'provider' || h.status === 'skipped') {
      asked++;
      depth = Math.max(depth, h.depth);
    }
    if (h.status === 'pending') queued++;
  }
  return { depth, asked, found, skipped, queued };
}

/** Discovery as one live line on a terminal stream. */
export function terminalDiscoveryProgress(stream: NodeJS.WritableStream): DiscoveryProgress {
  const multibar = new cliProgress.MultiBar({
    stream,
    hideCursor: true,
    clearOnComplete: false,
    stopOnComplete: false,
    fps: 5,
    format: (_options, _params, p: BarPayload) =>
      `discovery  depth ${p.depth}  ${p.asked} hosts asked  ${p.found} providers  ${p.skipped} skipped  ${p.queued} queued`,
  });
  let bar: cliProgress.SingleBar | null = null;
  return {
    start(state, resumed) {
      // No bar is drawn yet: a plain write cannot be overdrawn.
      stream.write(startLine(state, resumed) + '\n');
      bar = multibar.create(1, 0, counts(state));
    },
    host(h, peers, state) {
      const line = hostLine(h, peers);
      if (line !== null && h.status !== 'given') multibar.log(line + '\n');
      bar?.update(0, counts(state));
    },
    note(host, message) {
      multibar.log(`discover: ${host}: ${message}\n`);
    },
    finish(o) {
      bar?.update(0, counts(o.state));
      // stop() draws the bars but not the lines logged since the last frame: flush them first.
      multibar.update();
      multibar.stop();
      stream.write(discoveryOutcomeLine(o) + '\n');
    },
  };
}
