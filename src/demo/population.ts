import { creditCodeCheckChar } from '../domain/credit-code.js';
import type { AccountKind, Level, OrganKind, Rank } from '../domain/taxonomy.js';
import {
  CARRIED_FROM_2011,
  CLOSED_BETWEEN,
  CUTOFF_2011,
  CUTOFF_2012,
  DEMO_PROVIDERS,
  INDIVIDUAL_POLICE_RANKS,
  INDIVIDUAL_RANKS,
  INSTITUTIONAL_ORGANS,
  INSTITUTIONAL_POLICE_LEVELS,
  NOT_COUNTED,
  PROVINCE_WEIGHTS_INDIVIDUAL,
  PROVINCE_WEIGHTS_INSTITUTIONAL,
  allocate,
} from './calibration.js';
import { type ProvincePlaces, placesByProvince } from './places.js';
import { HandleBook, officialHandle, organHandle } from './handles.js';
import { type Made, ORGAN_LEVEL_WEIGHTS, type Rng, makeInstitution, makeOfficial, makeUnit, mulberry32 } from './templates.js';

/** Labels of a government account, every field decided. */
export interface GovLabels {
  government: true;
  kind: AccountKind;
  organ: OrganKind;
  public_security: boolean;
  level: Level;
  rank: Rank | null;
  province: string | null;
}

/** One verified government account of the demo, as its provider holds it. */
export interface DemoAccount {
  provider: string;
  handle: string;
  name: string;
  verification: string;
  organName: string;
  position: string | null;
  regionCode: string | null;
  creditCode: string | null;
  labels: GovLabels;
  createdAt: string;
  closedAt: string | null;
  followers: number;
  posts: number;
}

/** Which figures an account takes part in; used by tests and by the summary the demo prints. */
export type Cohort = 'carried' | 'new' | 'closed_between' | 'opened_later' | 'closed_early';

export interface Population {
  seed: number;
  accounts: DemoAccount[];
  cohorts: Cohort[];
}

export const DEMO_SEED = 20121220;

type Spec = { kind: 'institutional'; organ: OrganKind; police: boolean; level: Level } | { kind: 'individual'; rank: Rank; police: boolean };

function shuffle<T>(rng: Rng, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
  return list;
}

function institutionSpecs(policeByLevel: Partial<Record<Level, number>>, organs: Partial<Record<OrganKind, number>>): Spec[] {
  const out: Spec[] = [];
  for (const [level, n] of Object.entries(policeByLevel) as [Level, number][]) for (let i = 0; i < n; i++) out.push({ kind: 'institutional', organ: 'government', police: true, level });
  for (const [organ, total] of Object.entries(organs) as [OrganKind, number][]) {
    const byLevel = allocate(total, ORGAN_LEVEL_WEIGHTS[organ] as Record<Level, number>);
    for (const [level, n] of Object.entries(byLevel) as [Level, number][]) for (let i = 0; i < n; i++) out.push({ kind: 'institutional', organ, police: false, level });
  }
  return out;
}

function individualSpecs(ranks: Partial<Record<Rank, number>>, police: Partial<Record<Rank, number>>): Spec[] {
  const out: Spec[] = [];
  for (const [rank, n] of Object.entries(ranks) as [Rank, number][]) {
    const p = police[rank] ?? 0;
    for (let i = 0; i < n; i++) out.push({ kind: 'individual', rank, police: i < p });
  }
  return out;
}

/** Splits specs into those picked (`n`, `nPolice` of them police) and the rest, at random. */
function choose(rng: Rng, specs: Spec[], n: number, nPolice: number): [Spec[], Spec[]] {
  const police = shuffle(rng, specs.filter((s) => s.police));
  const other = shuffle(rng, specs.filter((s) => !s.police));
  const picked = [...police.slice(0, nPolice), ...other.slice(0, n - nPolice)];
  const rest = [...police.slice(nPolice), ...other.slice(n - nPolice)];
  return [picked, rest];
}

function weightedPicker(rng: Rng, weights: Record<string, number>, places: Map<string, ProvincePlaces>) {
  const all = Object.entries(weights).filter(([code]) => places.has(code));
  const withPrefectures = all.filter(([code]) => (places.get(code)?.prefectures.length ?? 0) > 0);
  const draw = (list: [string, number][]) => {
    const sum = list.reduce((s, [, w]) => s + w, 0);
    let x = rng() * sum;
    for (const [code, w] of list) {
      x -= w;
      if (x <= 0) return places.get(code) as ProvincePlaces;
    }
    return places.get((list[list.length - 1] as [string, number])[0]) as ProvincePlaces;
  };
  return (needPrefecture: boolean) => draw(needPrefecture ? withPrefectures : all);
}

const DAY = 86_400_000;

function between(rng: Rng, from: string, to: string): string {
  const a = Date.parse(from);
  const b = Date.parse(to);
  return new Date(a + Math.floor(rng() * (b - a))).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Followers and posts from a heavy-tailed spread; organs above officials, higher levels above lower. */
function audience(rng: Rng, s: Spec, level: Level): { followers: number; posts: number } {
  const base = { national: 11.5, provincial: 10.5, prefectural: 9.2, county: 7.6, township: 6.2 }[level] - (s.kind === 'individual' ? 0.8 : 0);
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  // Capped below the accounts the report names as the leaders (placeLeaders).
  const followers = Math.min(2_900_000, Math.max(0, Math.round(Math.exp(base + 1.1 * z))));
  const posts = Math.min(14_000, Math.max(0, Math.round(Math.exp(base - 2.4 + 0.9 * z + 0.5 * (rng() - 0.5)))));
  return { followers, posts };
}

function creditCode(rng: Rng, regionCode: string | null): string {
  const org = `${Math.floor(rng() * 1e8)
    .toString()
    .padStart(8, '0')}${Math.floor(rng() * 10)}`;
  const body = `11${regionCode ?? '100000'}${org}`;
  return body + creditCodeCheckChar(body);
}

/**
 * The demo's population: every verified government account of the four
 * providers, calibrated so that a census at 2012-12-20 against 2011-12-10
 * gives the report's totals and shares exactly (calibration.ts), with
 * accounts that must not be counted (closed early, opened later) among them.
 */
export function buildPopulation(seed = DEMO_SEED): Population {
  const rng = mulberry32(seed);
  const places = placesByProvince();
  const instProvince = weightedPicker(rng, PROVINCE_WEIGHTS_INSTITUTIONAL, places);
  const indivProvince = weightedPicker(rng, PROVINCE_WEIGHTS_INDIVIDUAL, places);

  const inst2012 = institutionSpecs(INSTITUTIONAL_POLICE_LEVELS, INSTITUTIONAL_ORGANS);
  const [instCarried, instNew] = choose(rng, inst2012, CARRIED_FROM_2011.institutional, CARRIED_FROM_2011.institutionalPolice);
  const indiv2012 = individualSpecs(INDIVIDUAL_RANKS, INDIVIDUAL_POLICE_RANKS);
  const [indivCarried, indivNew] = choose(rng, indiv2012, CARRIED_FROM_2011.individual, CARRIED_FROM_2011.individualPolice);

  const instLike = (n: number, withPolice: boolean) =>
    institutionSpecs(
      withPolice ? allocate(Math.round(n * 0.37), INSTITUTIONAL_POLICE_LEVELS) : {},
      allocate(withPolice ? n - Math.round(n * 0.37) : n, INSTITUTIONAL_ORGANS),
    );
  const indivLike = (n: number, withPolice: boolean) => individualSpecs(allocate(n, INDIVIDUAL_RANKS), withPolice ? allocate(Math.round(n * 0.39), INDIVIDUAL_POLICE_RANKS) : {});

  const groups: [Cohort, Spec[]][] = [
    ['carried', [...instCarried, ...indivCarried]],
    ['new', [...instNew, ...indivNew]],
    ['closed_between', [...instLike(CLOSED_BETWEEN.institutional, false), ...indivLike(CLOSED_BETWEEN.individual, false)]],
    ['opened_later', [...instLike(NOT_COUNTED.openedLater.institutional, true), ...indivLike(NOT_COUNTED.openedLater.individual, true)]],
    ['closed_early', [...instLike(NOT_COUNTED.closedEarly.institutional, true), ...indivLike(NOT_COUNTED.closedEarly.individual, true)]],
  ];

  const accounts: DemoAccount[] = [];
  const cohorts: Cohort[] = [];
  const books = new Map<string, HandleBook>(DEMO_PROVIDERS.map((p) => [p.host, new HandleBook()]));
  // The report's leaders keep their own handles (placeLeaders).
  for (const book of books.values()) for (const l of LEADERS) book.reserve(l.set.handle as string);
  const taken = new Set<string>();
  // Nor their names and organs: no other account of theirs on their provider.
  for (const l of LEADERS) {
    taken.add(`${l.provider}\u0000n\u0000${l.set.name}`);
    taken.add(`${l.provider}\u0000o\u0000${l.set.organName}`);
  }
  const holders = new Map<string, string>();
  const shortOf = regionShortNames(places);
  const end2011 = `${CUTOFF_2011}T23:59:59Z`;
  const end2012 = `${CUTOFF_2012}T23:59:59Z`;
  for (const [cohort, specs] of groups) {
    for (const spec of shuffle(rng, specs)) {
      const provider = pickProvider(rng);
      const made = unique(rng, spec, provider, spec.kind === 'institutional' ? instProvince(spec.level === 'prefectural') : indivProvince(false), taken, holders);
      const book = books.get(provider) as HandleBook;
      const handle = book.take(spec.kind === 'institutional' ? organHandle(made.name, made.place) : officialHandle(made.name, made.regionCode ? (shortOf.get(made.regionCode) ?? null) : null));
      let createdAt: string;
      let closedAt: string | null = null;
      if (cohort === 'carried') createdAt = between(rng, '2010-03-01T00:00:00Z', end2011);
      else if (cohort === 'new') createdAt = between(rng, `${nextDay(CUTOFF_2011)}T00:00:00Z`, end2012);
      else if (cohort === 'closed_between') {
        createdAt = between(rng, '2010-06-01T00:00:00Z', end2011);
        closedAt = between(rng, `${nextDay(CUTOFF_2011)}T00:00:00Z`, end2012);
      } else if (cohort === 'opened_later') createdAt = between(rng, `${nextDay(CUTOFF_2012)}T00:00:00Z`, '2013-06-30T23:59:59Z');
      else {
        createdAt = between(rng, '2010-06-01T00:00:00Z', '2011-06-30T23:59:59Z');
        closedAt = new Date(Math.min(Date.parse(createdAt) + (30 + Math.floor(rng() * 120)) * DAY, Date.parse(end2011))).toISOString().replace(/\.\d{3}Z$/, 'Z');
      }
      const { followers, posts } = audience(rng, spec, made.level);
      accounts.push({
        provider,
        handle,
        name: made.name,
        verification: made.verification,
        organName: made.organName,
        position: made.position,
        regionCode: made.regionCode,
        creditCode: spec.kind === 'institutional' ? creditCode(rng, made.regionCode) : null,
        labels: {
          government: true,
          kind: spec.kind,
          organ: made.organ,
          public_security: spec.police,
          level: made.level,
          rank: spec.kind === 'individual' ? spec.rank : null,
          province: made.regionCode ? made.regionCode.slice(0, 2) : null,
        },
        createdAt,
        closedAt,
        followers,
        posts,
      });
      cohorts.push(cohort);
    }
  }
  placeLeaders(accounts, cohorts);
  return { seed, accounts, cohorts };

  function pickProvider(r: Rng): string {
    let x = r();
    for (const p of DEMO_PROVIDERS) {
      x -= p.share;
      if (x <= 0) return p.host;
    }
    return DEMO_PROVIDERS[0].host;
  }
}

/** Tries per account for an organ or a post not yet on its provider, before the seat is widened. */
const TRIES = 400;

/** Posts that one person holds (a county's Party secretary); deputies and staff are many. */
function soleHolder(position: string): boolean {
  return !position.includes('副') && !['民警', '交警大队民警', '法官', '检察官', '科员', '委常委'].includes(position);
}

/**
 * An account for `spec` on `provider` that is no clone: a real organ has at
 * most one account on a provider (it may be on several), so an organ's name
 * and its organ are each taken once per provider; a post held by one person
 * has one holder, whose name is the same on every provider where the post
 * has an account; two deputies of one post have different names. Another
 * seat or department of the same kind, level and province is drawn until one
 * is free, so that the labels, and the calibrated counts, are the spec's.
 */
function unique(rng: Rng, spec: Spec, provider: string, p: ProvincePlaces, taken: Set<string>, holders: Map<string, string>): Made {
  for (let i = 0; ; i++) {
    if (spec.kind === 'institutional') {
      // The headline organs first; once a province's are mostly taken on this provider, their internal units.
      const made = (i < TRIES / 8 ? makeInstitution : makeUnit)(rng, spec.organ, spec.police, spec.level, p);
      const byName = `${provider}\u0000n\u0000${made.name}`;
      const byOrgan = `${provider}\u0000o\u0000${made.organName}`;
      if (!taken.has(byName) && !taken.has(byOrgan)) {
        taken.add(byName);
        taken.add(byOrgan);
        return made;
      }
    } else {
      const made = makeOfficial(rng, spec.rank, spec.police, p);
      const sole = soleHolder(made.position ?? '');
      const name = sole ? (holders.get(made.verification) ?? made.name) : made.name;
      const key = sole ? `${provider}\u0000p\u0000${made.verification}` : `${provider}\u0000p\u0000${made.verification}\u0000${name}`;
      if (!taken.has(key)) {
        taken.add(key);
        if (sole) holders.set(made.verification, name);
        return { ...made, name };
      }
    }
    if (i > TRIES) throw new Error(`demo: no free ${spec.kind === 'institutional' ? `${spec.level} ${spec.organ}${spec.police ? ' police' : ''} organ` : `${spec.rank} post`} left in ${p.name} on ${provider}`);
  }
}

/** Short names of every province, prefecture and county by code, which officials' handles abbreviate. */
function regionShortNames(places: Map<string, ProvincePlaces>): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of places.values()) {
    out.set(`${p.code.slice(0, 2)}0000`, p.short);
    for (const pref of p.prefectures) out.set(pref.code, pref.short);
    for (const c of p.counties) out.set(c.code, c.short);
  }
  return out;
}


function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
}

/** The accounts the report names at the top of its ranking (placeLeaders). */
const LEADERS: { provider: string; match: (a: DemoAccount) => boolean; set: Partial<Omit<DemoAccount, 'labels'>> & { name: string; organName: string; labels: Partial<GovLabels> }; followers: number; posts: number }[] = [
  {
    provider: 'weibo.example',
    match: (a) => a.labels.kind === 'institutional' && a.labels.organ === 'government' && !a.labels.public_security && a.labels.level === 'provincial',
    set: { handle: 'shanghaifabu', name: '上海发布', verification: '上海市人民政府新闻办公室官方微博', organName: '上海市人民政府新闻办公室', regionCode: '310000', labels: { province: '31' } },
    followers: 4_860_000,
    posts: 21_400,
  },
  {
    provider: 'weibo.example',
    match: (a) => a.labels.kind === 'institutional' && a.labels.public_security && a.labels.level === 'prefectural',
    set: { handle: 'jinduzaixian', name: '禁毒在线', verification: '广西百色市公安局禁毒支队官方微博', organName: '百色市公安局禁毒支队', regionCode: '451000', labels: { province: '45' } },
    followers: 3_920_000,
    posts: 18_900,
  },
  {
    provider: 'weibo.example',
    match: (a) => a.labels.kind === 'institutional' && a.labels.organ === 'party' && a.labels.level === 'prefectural',
    set: { handle: 'jingcailuoyang', name: '精彩洛阳', verification: '中共洛阳市委宣传部官方微博', organName: '中共洛阳市委员会宣传部', regionCode: '410300', labels: { province: '41' } },
    followers: 3_510_000,
    posts: 17_600,
  },
];

/**
 * The accounts the report names at the top of its ranking, in place of three
 * accounts of the same kind, level and cohort: 上海发布 (Shanghai's
 * information office), 禁毒在线 (Baise police's anti-drug account), 精彩洛阳
 * (Luoyang). Their audience and activity lead their field.
 */
function placeLeaders(accounts: DemoAccount[], cohorts: Cohort[]): void {
  for (const leader of LEADERS) {
    const i = accounts.findIndex((a, k) => cohorts[k] === 'carried' && a.provider === leader.provider && leader.match(a));
    const a = accounts[i];
    if (!a) continue;
    accounts[i] = { ...a, ...leader.set, labels: { ...a.labels, ...leader.set.labels }, followers: leader.followers, posts: leader.posts, createdAt: '2011-11-28T02:00:00Z' };
  }
}
