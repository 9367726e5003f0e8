/**
 * Populations of account records with known truth, for the report's tests
 * and benchmark: every figure the report should print is computed here from
 * each account's intended final state, independently of the report's code.
 *
 * A population has duplicates across inputs (the last occurrence wins; some
 * later occurrences change the labels, close, reopen or unverify an account),
 * accounts closed before and after the cut-off (and on the boundary), opened
 * after it, unverified and non-government accounts, unlabelled records whose
 * classification is certain, partly labelled ones, national organs, string
 * and numeric ids, the same id at different providers, blank lines, and every
 * kind of bad line with the error it must produce.
 */
import { GRASSROOTS_RANKS, LEVELS, ORGAN_KINDS, PROVINCE_CODES, RANKS, type Labels, type Level, type OrganKind, type Rank } from '../../domain/taxonomy.js';

import { mulberry32 as rng } from '../../app/random.js';
import type { CensusReport } from '../aggregate.js';

export const PROVIDERS = ['weibo.example', 't.qq.example', 'people.example', 'xinhua.example'] as const;

/** Names the classifier labels with certainty (checked by population.test.ts), with those labels. */
export const CERTAIN: readonly { name: string; verification: string | null; labels: Labels }[] = [
  { name: '平安西安', verification: '西安市公安局官方微博', labels: inst('government', true, 'prefectural', '61') },
  { name: '天津发布', verification: '天津市人民政府新闻办公室官方微博', labels: inst('government', false, 'provincial', '12') },
  { name: '清风苏州', verification: '中共苏州市纪律检查委员会官方微博', labels: inst('discipline', false, 'prefectural', '32') },
  { name: '浙江高院', verification: '浙江省高级人民法院官方微博', labels: inst('court', false, 'provincial', '33') },
  { name: '平安昆山', verification: '昆山市公安局官方微博', labels: inst('government', true, 'county', '32') },
  { name: '石湖派出所', verification: '苏州市公安局吴中分局石湖派出所官方微博', labels: inst('government', true, 'township', '32') },
  { name: '国家旅游局', verification: '国家旅游局官方微博', labels: inst('government', false, 'national', null) },
  { name: '李明', verification: '浙江省副省长', labels: indiv('government', false, 'provincial', 'ministerial', '33') },
  { name: '张强', verification: '河南省郑州市金水区区长', labels: indiv('government', false, 'county', 'division', '41') },
  { name: '刘军', verification: '江苏省无锡市公安局民警', labels: indiv('government', true, 'prefectural', 'staff', '32') },
  { name: '徐峰', verification: '外交部新闻司副司长', labels: indiv('government', false, 'national', 'bureau', null) },
];

/** Names the classifier labels non-government with certainty. */
export const CERTAIN_NOT_GOVERNMENT: readonly { name: string; verification: string | null }[] = [
  { name: '清华大学', verification: '清华大学官方微博' },
  { name: '南方都市报', verification: '南方都市报官方微博' },
  { name: '城市交通爱好者', verification: null },
];

function inst(organ: OrganKind, ps: boolean, level: Level, province: string | null): Labels {
  return { government: true, kind: 'institutional', organ, public_security: ps, level, rank: null, province };
}
function indiv(organ: OrganKind, ps: boolean, level: Level, rank: Rank, province: string | null): Labels {
  return { government: true, kind: 'individual', organ, public_security: ps, level, rank, province };
}
const NOT_GOVERNMENT: Labels = { government: false, kind: null, organ: null, public_security: false, level: null, rank: null, province: null };

/** A bad line and the start of the error it must produce. */
export interface BadLine {
  text: string;
  error: string;
}

const good = {
  provider: 'weibo.example',
  id: '9',
  name: '平安北京',
  verified: true,
  created_at: '2011-01-01T00:00:00Z',
  labels: null,
};
const patch = (p: Record<string, unknown>): string => JSON.stringify({ ...good, ...p });
const without = (field: string): string => {
  const o: Record<string, unknown> = { ...good };
  delete o[field];
  return JSON.stringify(o);
};
const withLabels = (l: Record<string, unknown>): string => patch({ labels: { ...inst('government', false, 'county', '11'), ...l } });

/** Every kind of bad line of CONTRACT §2. */
export const BAD_LINES: readonly BadLine[] = [
  { text: 'this is not json', error: 'json: not valid JSON' },
  { text: '{"provider": "weibo.example", "id": ', error: 'json: not valid JSON' },
  { text: '[1, 2, 3]', error: 'record: expected a JSON object, got an array' },
  { text: '42', error: 'record: expected a JSON object, got a number' },
  { text: '"平安北京"', error: 'record: expected a JSON object, got a string' },
  { text: 'null', error: 'record: expected a JSON object, got null' },
  { text: without('provider'), error: 'provider: missing' },
  { text: without('id'), error: 'id: missing' },
  { text: without('name'), error: 'name: missing' },
  { text: without('verified'), error: 'verified: missing' },
  { text: without('created_at'), error: 'created_at: missing' },
  { text: patch({ provider: 7 }), error: 'provider: expected a string, got a number' },
  { text: patch({ provider: '' }), error: 'provider: empty' },
  { text: patch({ id: 123 }), error: 'id: expected a string, got a number' },
  { text: patch({ name: null }), error: 'name: expected a string, got null' },
  { text: patch({ verified: 'yes' }), error: 'verified: expected a boolean, got a string' },
  { text: patch({ handle: 5 }), error: 'handle: expected a string, got a number' },
  { text: patch({ verification: ['x'] }), error: 'verification: expected a string, got an array' },
  { text: patch({ created_at: '2012-13-01T00:00:00Z' }), error: 'created_at: not an RFC 3339 timestamp' },
  { text: patch({ created_at: '2012-02-30T00:00:00Z' }), error: 'created_at: not an RFC 3339 timestamp' },
  { text: patch({ created_at: 'yesterday' }), error: 'created_at: not an RFC 3339 timestamp' },
  { text: patch({ created_at: 1325376000 }), error: 'created_at: not an RFC 3339 timestamp' },
  { text: patch({ closed_at: '2012-12-01' }), error: 'closed_at: not an RFC 3339 timestamp' },
  { text: patch({ followers: -5 }), error: 'followers: expected an integer ≥ 0, got -5' },
  { text: patch({ followers: '100' }), error: 'followers: expected an integer ≥ 0, got "100"' },
  { text: patch({ posts: 1.5 }), error: 'posts: expected an integer ≥ 0, got 1.5' },
  { text: patch({ labels: 'police' }), error: 'labels: expected an object or null, got a string' },
  { text: withLabels({ government: 'yes' }), error: 'labels.government: expected a boolean, got a string' },
  { text: withLabels({ kind: 'company' }), error: 'labels.kind: "company" is not one of' },
  { text: withLabels({ organ: 'army' }), error: 'labels.organ: "army" is not one of' },
  { text: withLabels({ level: 'village' }), error: 'labels.level: "village" is not one of' },
  { text: withLabels({ rank: 'general' }), error: 'labels.rank: "general" is not one of' },
  { text: withLabels({ province: '99' }), error: 'labels.province: "99" is not a two-digit GB/T 2260 province code' },
];

/** Figures of one kind, as the report gives them. */
export interface KindTruth {
  total: number;
  public_security: number;
  by_organ: Record<OrganKind, number>;
  by_level: Record<Level, number>;
  by_rank: Record<Rank, number>;
  grassroots: number;
  provincial_ministerial_leaders: number;
}

/** What the report must say about a population at its cut-off. */
export interface Truth {
  total: number;
  institutional: KindTruth;
  individual: KindTruth;
  public_security: number;
  by_provider: Record<string, { total: number; institutional: number; individual: number }>;
  by_province: Record<string, { total: number; institutional: number; individual: number }>;
  accounts: CensusReport['accounts'];
  /** Every rejected line: its input (index), line number and the start of its error. */
  rejected: { input: number; line: number; error: string }[];
  /** The final occurrence of every counted account, for checking the ranking. */
  counted: {
    provider: string;
    id: string;
    name: string;
    kind: 'institutional' | 'individual';
    followers: number;
    posts: number;
    service: number | null;
    /** The record's service object, for checking the service quality. */
    stats: { total: number; response_rate: number; median_hours_to_first_response: number | null; average_rating: number | null } | null;
    province: string | null;
  }[];
}

export interface Population {
  /** Lines of each input file, in order. */
  inputs: string[][];
  truth: Truth;
}

export interface PopulationOptions {
  seed?: number;
  /** Distinct accounts (valid ones). */
  accounts?: number;
  /** Number of input files. */
  inputs?: number;
  cutoff?: string;
  /** Bad lines to scatter (each kind of BAD_LINES at least once when ≥ its length). */
  badLines?: number;
  /** Share of accounts given earlier occurrences (duplicates). */
  duplicateShare?: number;
}

type Standing = 'counted' | 'not_yet_opened' | 'closed' | 'unverified' | 'not_government';

interface Occurrence {
  record: Record<string, unknown>;
  key: number;
  input: number;
}

const DAY = 86_400_000;

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  const o = {} as Record<K, number>;
  for (const k of keys) o[k] = 0;
  return o;
}

function emptyKind(): KindTruth {
  return { total: 0, public_security: 0, by_organ: zeros(ORGAN_KINDS), by_level: zeros(LEVELS), by_rank: zeros(RANKS), grassroots: 0, provincial_ministerial_leaders: 0 };
}

/** Generates a population and what the report must say of it. */
export function generatePopulation(opts: PopulationOptions = {}): Population {
  const r = rng(opts.seed ?? 2012);
  const n = opts.accounts ?? 2000;
  const inputCount = opts.inputs ?? 3;
  const cutoff = opts.cutoff ?? '2012-12-20';
  const next = Date.parse(`${cutoff}T00:00:00Z`) + DAY; // first ms after the cut-off day
  const start = Date.parse('2009-08-01T00:00:00Z');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

  const truth: Truth = {
    total: 0,
    institutional: emptyKind(),
    individual: emptyKind(),
    public_security: 0,
    by_provider: {},
    by_province: {},
    accounts: { lines: 0, records: 0, distinct: n, duplicates: 0, counted: 0, not_yet_opened: 0, closed: 0, unverified: 0, not_government: 0, classified: 0, uncertain: 0 },
    rejected: [],
    counted: [],
  };
  for (const p of PROVIDERS) truth.by_provider[p] = { total: 0, institutional: 0, individual: 0 };
  for (const code of PROVINCE_CODES) truth.by_province[code] = { total: 0, institutional: 0, individual: 0 };

  const randomLabels = (): Labels => {
    const kind = r() < 0.64 ? 'institutional' : 'individual';
    const level = r() < 0.05 ? 'national' : pick(LEVELS.slice(1));
    const province = level === 'national' ? null : pick(PROVINCE_CODES);
    const ps = r() < 0.38;
    return {
      government: true,
      kind,
      organ: ps ? 'government' : pick(ORGAN_KINDS),
      public_security: ps,
      level,
      rank: kind === 'individual' ? pick(RANKS) : null,
      province,
    };
  };

  const occurrences: Occurrence[][] = Array.from({ length: inputCount }, () => []);
  const ids = new Map<string, number>();
  for (let a = 0; a < n; a++) {
    const provider = pick(PROVIDERS);
    // Mostly numeric ids; some that must stay strings ('007', 'u_…'); the same number recurs across providers.
    const seq = (ids.get(provider) ?? 0) + 1;
    ids.set(provider, seq);
    const id = a % 17 === 0 ? `u_${seq.toString(36)}` : a % 29 === 0 ? `00${seq}` : String(1_000_000 + seq);
    const x = r();
    let standing: Standing;
    let labels: Labels | null; // what the report must use (null: not needed)
    let given: Record<string, unknown> | null; // what the final record carries
    let name = `账号${a}`;
    let verification: string | null = null;
    let verified = true;
    let classified = false;
    let created = start + Math.floor(r() * (next - DAY - start));
    let closed: number | null = null;
    let closedText: string | null = null;
    let createdText: string | null = null;
    if (x < 0.5) {
      standing = 'counted';
      labels = randomLabels();
      given = { ...labels };
    } else if (x < 0.6) {
      standing = 'counted';
      const c = pick(CERTAIN);
      name = c.name;
      verification = c.verification;
      labels = c.labels;
      given = null;
      classified = true;
    } else if (x < 0.63) {
      // Partly labelled: the classifier fills in, the given field wins.
      standing = 'counted';
      const c = pick(CERTAIN.filter((e) => e.labels.province !== null));
      name = c.name;
      verification = c.verification;
      const province = pick(PROVINCE_CODES);
      labels = { ...c.labels, province };
      given = { province };
      classified = true;
    } else if (x < 0.66) {
      standing = 'not_government';
      const c = pick(CERTAIN_NOT_GOVERNMENT);
      name = c.name;
      verification = c.verification;
      labels = null;
      given = null;
    } else if (x < 0.69) {
      standing = 'not_government';
      labels = null;
      given = { ...NOT_GOVERNMENT };
    } else if (x < 0.73) {
      standing = 'unverified';
      verified = false;
      labels = null;
      given = randomLabels() as unknown as Record<string, unknown>;
    } else if (x < 0.78) {
      standing = 'not_yet_opened';
      created = next + Math.floor(r() * 200 * DAY);
      labels = null;
      given = randomLabels() as unknown as Record<string, unknown>;
    } else if (x < 0.83) {
      standing = 'closed';
      closed = created + Math.floor(r() * (next - created));
      labels = null;
      given = randomLabels() as unknown as Record<string, unknown>;
    } else if (x < 0.88) {
      // Closed after the cut-off: still counted.
      standing = 'counted';
      closed = next + Math.floor(r() * 100 * DAY);
      labels = randomLabels();
      given = { ...labels };
    } else {
      standing = 'counted';
      labels = randomLabels();
      given = { ...labels };
    }
    // The boundaries of the cut-off day, now and then, with and without offsets.
    if (a % 97 === 1 && standing === 'counted' && closed === null) createdText = a % 2 ? iso(next - 1000) : '2012-12-21T07:59:59+08:00'.replace('2012-12-21', iso(next).slice(0, 10));
    if (a % 97 === 2 && standing === 'not_yet_opened') createdText = a % 2 ? iso(next) : `${iso(next - DAY).slice(0, 10)}T23:30:00-01:00`;
    if (a % 97 === 3 && standing === 'closed') closedText = iso(next - 1000);
    if (a % 97 === 4 && standing === 'counted' && closed !== null) closedText = iso(next);

    const followers = int(0, 3_000_000);
    const posts = int(0, 60_000);
    const service = labels?.kind === 'institutional' && r() < 0.3 ? { total: int(1, 500), response_rate: Math.round(r() * 100) / 100, median_hours_to_first_response: Math.round(r() * 72), average_rating: r() < 0.5 ? null : int(1, 5) } : null;
    const final: Record<string, unknown> = {
      provider,
      id,
      handle: `h${a}`,
      name,
      verified,
      verification,
      created_at: createdText ?? iso(created),
      closed_at: closedText ?? (closed === null ? null : iso(closed)),
      followers,
      posts,
      labels: given,
      ...(service ? { service } : {}),
    };

    // Earlier occurrences that the final one overrides.
    const occ: Record<string, unknown>[] = [];
    if (r() < (opts.duplicateShare ?? 0.2)) {
      const variants = int(1, 2);
      for (let v = 0; v < variants; v++) {
        const earlier: Record<string, unknown> = { ...final, followers: int(0, 10_000), posts: int(0, 100) };
        const y = r();
        if (y < 0.25) earlier.labels = { ...randomLabels() };
        else if (y < 0.4) earlier.closed_at = iso(created + 1000);
        else if (y < 0.55) earlier.verified = !verified;
        else if (y < 0.65) earlier.created_at = iso(next + 5 * DAY);
        else if (y < 0.75) earlier.labels = null;
        occ.push(earlier);
      }
    }
    occ.push(final);
    // Inputs in order, keys ascending: the final occurrence comes last in reading order.
    const inputsOf = occ.map(() => int(0, inputCount - 1)).sort((p, q) => p - q);
    const keys = occ.map(() => r()).sort((p, q) => p - q);
    occ.forEach((record, i) => occurrences[inputsOf[i]!]!.push({ record, key: keys[i]!, input: inputsOf[i]! }));
    truth.accounts.records += occ.length;

    truth.accounts[standing]++;
    if (standing !== 'counted') continue;
    const l = labels!;
    const kind = l.kind!;
    const k = truth[kind];
    truth.total++;
    k.total++;
    if (l.public_security) {
      k.public_security++;
      truth.public_security++;
    }
    k.by_organ[l.organ!]++;
    k.by_level[l.level!]++;
    if (kind === 'individual') {
      k.by_rank[l.rank!]++;
      if (GRASSROOTS_RANKS.includes(l.rank!)) k.grassroots++;
      if (l.rank === 'ministerial') k.provincial_ministerial_leaders++;
    }
    truth.by_provider[provider]![kind]++;
    truth.by_provider[provider]!.total++;
    if (l.province !== null) {
      truth.by_province[l.province]![kind]++;
      truth.by_province[l.province]!.total++;
    }
    if (classified) truth.accounts.classified++;
    truth.counted.push({ provider, id, name, kind, followers, posts, service: service ? serviceOf(service) : null, stats: service, province: l.province });
  }
  truth.accounts.duplicates = truth.accounts.records - n;

  // Lines: each input's occurrences in key order, bad lines and blank lines scattered in.
  const badCount = opts.badLines ?? BAD_LINES.length * 2;
  const bad: { input: number; key: number; bad: BadLine }[] = [];
  for (let b = 0; b < badCount; b++) bad.push({ input: int(0, inputCount - 1), key: r(), bad: BAD_LINES[b % BAD_LINES.length]! });
  const inputs: string[][] = [];
  for (let i = 0; i < inputCount; i++) {
    const items: { key: number; text: string; bad?: BadLine }[] = [
      ...occurrences[i]!.map((o) => ({ key: o.key, text: JSON.stringify(o.record) })),
      ...bad.filter((b) => b.input === i).map((b) => ({ key: b.key, text: b.bad.text, bad: b.bad })),
    ];
    items.sort((p, q) => p.key - q.key);
    const lines: string[] = [];
    for (const item of items) {
      if (r() < 0.01) lines.push(r() < 0.5 ? '' : '   ');
      lines.push(item.text);
      truth.accounts.lines++;
      if (item.bad) truth.rejected.push({ input: i, line: lines.length, error: item.bad.error });
    }
    inputs.push(lines);
  }
  return { inputs, truth };
}

/** The service score the report must compute for a `service` object (mirrors ingest.ts's documented formula). */
function serviceOf(s: { response_rate: number; median_hours_to_first_response: number | null; average_rating: number | null }): number {
  const speed = s.median_hours_to_first_response === null ? 0 : 1 / (1 + s.median_hours_to_first_response / 24);
  return s.average_rating === null ? 0.75 * s.response_rate + 0.25 * speed : 0.6 * s.response_rate + 0.2 * speed + 0.2 * ((s.average_rating - 1) / 4);
}

