/**
 * The classifier: an account's name and verification text -> labels
 * (CONTRACT §3). Shared by the census and the provider, which pre-fills and
 * checks verification applications with it. Pure: no I/O after the
 * gazetteer has been built once.
 *
 * How it reads a record:
 * 1. Both texts are scanned for place names (gazetteer.ts) and cues (cues.ts).
 * 2. The verification text decides when it says anything (it is the
 *    provider's vetted statement); else the name, with the naming conventions
 *    of government accounts (平安XX, 清风XX, XX发布).
 * 3. Whatever comes last wins between a government organ and a non-government
 *    entity: 中国人民公安大学 is a university, 机场公安分局 is police.
 * 4. Places resolve to one consistent chain (province > prefecture > county >
 *    township) by mutual support, never by first match; the deepest place and
 *    the organ's own level (派出所, 高院, 分局) give the level.
 * 5. An individual's posts give the rank through the contract's table.
 */
import type { LabelField } from '../domain/account-record.js';
import type { Labels, Level, OrganKind, Rank } from '../domain/taxonomy.js';
import { findCues, type Cue, type CueMention } from './cues.js';
import { findPlaces, type Division, type PlaceMention } from './gazetteer.js';
import { compareRanks, rankOf, type ResolvedPost } from './ranks.js';
import { simplified } from './simplified.js';

export type { LabelField };

/** Labels with the fields the classifier could not decide. */
export interface Classification extends Labels {
  /** Fields whose value is a guess or unknown (null). */
  uncertain: LabelField[];
}

export interface ClassifyInput {
  name: string;
  verification?: string | null;
  verified?: boolean;
}

interface Analysed {
  text: string;
  cues: CueMention[];
  places: PlaceMention[];
}

const EMPTY: Analysed = { text: '', cues: [], places: [] };

function analyse(text: string): Analysed {
  if (!text) return EMPTY;
  let cues = findCues(text);
  let places = findPlaces(text);
  // 电视剧《警察荣誉》: a work's title names no organ and no place.
  if (text.includes('《')) {
    const titles: Array<[number, number]> = [];
    for (const m of text.matchAll(/《[^》]*》/g)) titles.push([m.index, m.index + m[0].length]);
    const outside = (s: number) => !titles.some(([a, b]) => a <= s && s < b);
    cues = cues.filter((c) => outside(c.start));
    places = places.filter((p) => outside(p.start));
  }
  if (cues.length && places.length) {
    // 西安市长安区: 市长 runs into the next place name. 公安县: the place contains the cue.
    let keptCues: CueMention[] | undefined;
    for (let i = 0; i < cues.length; i++) {
      const c = cues[i]!;
      let drop = false;
      for (const p of places) {
        if (
          (c.start < p.start && p.start < c.end && c.end < p.end) ||
          (p.full && p.start <= c.start && c.end <= p.end && p.end - p.start > c.end - c.start)
        ) {
          drop = true;
          break;
        }
      }
      if (drop) keptCues ??= cues.slice(0, i);
      else keptCues?.push(c);
    }
    if (keptCues) cues = keptCues;
    let keptPlaces: PlaceMention[] | undefined;
    for (let i = 0; i < places.length; i++) {
      const p = places[i]!;
      let drop = false;
      for (const c of cues) {
        if (c.start <= p.start && p.end <= c.end && c.end - c.start > p.end - p.start) {
          drop = true;
          break;
        }
      }
      if (drop) keptPlaces ??= places.slice(0, i);
      else keptPlaces?.push(p);
    }
    if (keptPlaces) places = keptPlaces;
  }
  return { text, cues, places };
}

// After a company, school or hospital is named, only these organs take over (机场公安分局, 景区管委会);
// a Party committee or Youth League committee inside a company or university stays theirs.
const ORGANS_OVER_NEG = new Set<OrganKind>(['government', 'court', 'procuratorate', 'legislature', 'political_advisory', 'public_institution']);

interface Judgement {
  /** 0 nothing, 1 weak, 2 strong evidence of a government organ. */
  gov: 0 | 1 | 2;
  /** The text names a non-government entity as its head. */
  neg: boolean;
  ps: boolean;
}

function judge(a: Analysed): Judgement {
  let state: 'none' | 'gov' | 'neg' = 'none';
  let gov: 0 | 1 | 2 = 0;
  let ps = false;
  // An organ named before the non-government word that a unit word then takes back: 公安局首都机场分局.
  let govBeforeNeg = false;
  for (const { cue } of a.cues) {
    if (cue.neg) {
      if (state === 'gov') govBeforeNeg = true;
      state = 'neg';
    } else if (cue.gov) {
      if (state === 'neg') {
        const organOverrides = cue.gov === 2 && !cue.weakOrgan && cue.organ !== undefined && ORGANS_OVER_NEG.has(cue.organ);
        const unitTakesBack = cue.gov === 2 && cue.organ === undefined && govBeforeNeg;
        if (!organOverrides && !unitTakesBack) continue;
      }
      state = 'gov';
      if (cue.gov > gov) gov = cue.gov;
      if (cue.ps) ps = true;
    }
  }
  if (state === 'none' && a.places.length > 0 && GENERIC_ORGAN.test(a.text)) return { gov: 1, neg: false, ps: false };
  return { gov: state === 'gov' ? gov : 0, neg: state === 'neg', ps };
}

/** How an organ's account name ends when it names no place: 禁毒在线, 交警之声. */
const ACCOUNT_ENDING = /(在线|发布|微博|官微|官方|之窗|之声|之家|服务台|网)$/;

// 天津市商务委员会, 苏州市科学技术局: a place, then a name ending the way organs' names end.
const GENERIC_ORGAN = /(局|厅|委员会|委|办公室|管理处)(副?(局长|厅长|主任|处长|科长|书记))?(官方微博|官方账号|官方帐号|官方|微博)?$/;

interface NamePattern {
  gov: 0 | 1 | 2;
  /** A government naming convention without the place that would confirm it. */
  doubt?: boolean;
  organ?: OrganKind;
  ps?: boolean;
}

const DISCIPLINE_PREFIXES = ['清风', '廉洁', '清廉', '正风', '风清', '清正'];
const DISCIPLINE_START = new Set(DISCIPLINE_PREFIXES.map((p) => p.charCodeAt(0)));
const NO_PATTERN: NamePattern = { gov: 0 };

/** The naming conventions of government accounts: 平安XX, 清风XX, XX发布, a bare division name. */
function namePattern(name: string, a: Analysed): NamePattern {
  if (a.places.length === 0 && !name.startsWith('平安') && !DISCIPLINE_START.has(name.charCodeAt(0))) return NO_PATTERN;
  const placeAt = (i: number): boolean => a.places.some((p) => p.start === i);
  // 平安县 (Qinghai) and 平安镇 are places, not the police convention.
  const placeAtStart = placeAt(0);
  // Without a place after it, 平安是福 and 清风徐来 are just phrases.
  if (name.startsWith('平安') && name.length >= 3 && !placeAtStart) {
    return placeAt(2) ? { gov: 2, organ: 'government', ps: true } : { gov: 0, doubt: true };
  }
  for (const p of DISCIPLINE_PREFIXES) {
    if (name.startsWith(p) && name.length >= 3 && !placeAtStart) {
      return placeAt(2) ? { gov: 2, organ: 'discipline' } : { gov: 0, doubt: true };
    }
  }
  if (/发布(厅|平台)?$/.test(name) && a.places.length > 0) return { gov: 2, organ: 'government' };
  // A name that is nothing but a division's name (宝安区, 南京市江宁区秣陵街道) is most likely its government's.
  const last = a.places[a.places.length - 1];
  if (last?.full && last.end === name.length && a.cues.length === 0) {
    let covered = 0;
    for (const p of a.places) covered += p.end - p.start;
    if (covered === name.length) return { gov: 1, organ: 'government' };
  }
  return NO_PATTERN;
}

// --- places

const DEPTH: Record<Level, number> = { national: 0, provincial: 1, prefectural: 2, county: 3, township: 4 };
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

interface Weighted {
  m: PlaceMention;
  w: number;
  /** From the verification text (positions refer to it). */
  v: boolean;
}

interface Pick {
  at: Weighted;
  d: Division;
}

interface Chain {
  province: string | null;
  picks: Pick[];
  provinceUncertain: boolean;
  levelUncertain: boolean;
}

function compatible(a: Division, b: Division): boolean {
  if (a === b) return true;
  if (a.province !== b.province) return false;
  if (a.level === 'provincial' || b.level === 'provincial') return true;
  // Province-administered county-level cities sit under a pseudo prefecture xx90.
  if (a.prefecture !== b.prefecture) return a.prefecture.endsWith('90') || b.prefecture.endsWith('90');
  if (a.level === 'prefectural' || b.level === 'prefectural') return true;
  // Township codes come from a later year than the counties; the prefecture is as far as they agree.
  if (a.level === 'township' || b.level === 'township') return true;
  return a.code === b.code;
}

/**
 * The consistent reading of all place names: each candidate scores the
 * weight of the mentions that agree with it; the best one anchors the chain.
 * A tie across provinces is broken only by the level of the candidates (a
 * bare 朝阳 is more likely the prefecture-level city than a district of the
 * same name elsewhere), and then flagged uncertain.
 */
function resolveChain(ms: Weighted[]): Chain | null {
  if (ms.length === 0) return null;
  const only = ms.length === 1 ? ms[0]! : undefined;
  if (only && only.m.candidates.length === 1) {
    const d = only.m.candidates[0]!;
    return { province: d.province, picks: [{ at: only, d }], provinceUncertain: false, levelUncertain: false };
  }
  let best = -1;
  let top: Pick[] = [];
  for (let i = 0; i < ms.length; i++) {
    const mi = ms[i]!;
    for (const d of mi.m.candidates) {
      let s = mi.w;
      for (let j = 0; j < ms.length; j++) {
        if (j === i) continue;
        const mj = ms[j]!;
        let agree = 0;
        for (const e of mj.m.candidates) {
          if (compatible(d, e)) {
            agree = 1;
            break;
          }
          // Same province, different branch: the data may lag (a township moved or renamed since).
          if (e.province === d.province) agree = 0.5;
        }
        s += mj.w * agree;
      }
      if (s > best) {
        best = s;
        top = [{ at: mi, d }];
      } else if (s === best) top.push({ at: mi, d });
    }
  }
  let minDepth = 9;
  for (const t of top) minDepth = Math.min(minDepth, DEPTH[t.d.level]);
  const shallow = top.filter((t) => DEPTH[t.d.level] === minDepth);
  const anchor = shallow[0]!;
  let province: string | null = anchor.d.province;
  let provinceUncertain = false;
  let levelUncertain = false;
  if (top.some((t) => t.d.province !== anchor.d.province)) {
    provinceUncertain = true;
    if (shallow.some((t) => t.d.province !== anchor.d.province)) province = null;
    levelUncertain = top.some((t) => DEPTH[t.d.level] !== minDepth);
  }
  const picks: Pick[] = [];
  for (const at of ms) {
    let chosen: Division | undefined;
    for (const d of at.m.candidates) {
      if (!compatible(anchor.d, d)) continue;
      if (!chosen || DEPTH[d.level] < DEPTH[chosen.level]) chosen = d;
    }
    if (chosen) picks.push({ at, d: chosen });
  }
  return { province, picks, provinceUncertain, levelUncertain };
}

// --- levels

interface LevelResult {
  level: Level | null;
  fromPlaces: boolean;
}

/**
 * The level of the organ named up to `limit` in the verification text (all
 * of it for an organ; up to the post for an individual), from the deepest
 * place and the organ's own level.
 */
function levelAt(chain: Chain | null, cues: CueMention[], limit: number, extraCues: CueMention[]): LevelResult {
  let depth = -1;
  let deepestEnd = -1;
  if (chain) {
    for (const p of chain.picks) {
      if (p.at.v && p.at.m.start >= limit) continue;
      const dd = DEPTH[p.d.level];
      if (dd > depth) depth = dd;
      if (p.at.v && p.at.m.end > deepestEnd && dd === depth) deepestEnd = p.at.m.end;
    }
  }
  let township = false;
  let national = false;
  let court: Level | undefined;
  let branch = false;
  let nationalMarker = false;
  for (let pass = 0; pass < 2; pass++) {
    const bounded = pass === 0;
    for (const c of bounded ? cues : extraCues) {
      if (bounded && c.start >= limit) break;
      const { cue } = c;
      if (cue.level === 'township') township = true;
      else if (cue.level === 'national') national = true;
      else if (cue.level) court = cue.level;
      if (cue.branch && bounded && c.start >= deepestEnd) branch = true;
      if (cue.national) nationalMarker = true;
    }
  }
  if (township) return { level: 'township', fromPlaces: false };
  if (national) return { level: 'national', fromPlaces: false };
  if (court) return { level: court, fromPlaces: false };
  if (depth < 0) return { level: nationalMarker ? 'national' : null, fromPlaces: false };
  let level = LEVEL_BY_DEPTH[depth]!;
  if (branch && (level === 'provincial' || level === 'prefectural')) {
    level = level === 'prefectural' || (chain?.province && MUNICIPALITIES.has(chain.province)) ? 'county' : 'prefectural';
  }
  return { level, fromPlaces: true };
}

const LEVEL_BY_DEPTH: Level[] = ['national', 'provincial', 'prefectural', 'county', 'township'];

/** Words that end a place's name and say its level (自治区 before 区, 地区 before 区, 自治县 before 县). */
const PLACE_ENDINGS: ReadonlyArray<readonly [string, Level]> = [
  ['自治区', 'provincial'], ['自治州', 'prefectural'], ['自治县', 'county'], ['自治旗', 'county'], ['地区', 'prefectural'],
  ['街道', 'township'], ['苏木', 'township'], ['省', 'provincial'], ['州', 'prefectural'], ['盟', 'prefectural'],
  ['县', 'county'], ['旗', 'county'], ['区', 'county'], ['镇', 'township'], ['乡', 'township'],
];
/** 区 that is no district: 社区, 景区, 开发区… */
const NOT_DISTRICT = ['社', '景', '园', '小', '辖', '片', '校', '军', '战', '发', '营', '库', '城'];

/**
 * The level a text's own words give when no place in it is known: 某某县副县长
 * serves a county whatever the county is called, 县长 alone says as much. The
 * deepest ending before `limit` wins; 市 says nothing (a city may be a
 * prefecture or a county-level city).
 */
function levelFromWords(text: string, limit: number): Level | null {
  let depth = -1;
  const end = Math.min(limit, text.length);
  for (let i = 0; i < end; i++) {
    for (const [word, level] of PLACE_ENDINGS) {
      if (!text.startsWith(word, i)) continue;
      if (word === '区' && NOT_DISTRICT.includes(text[i - 1] ?? '')) break;
      const d = DEPTH[level];
      if (d > depth) depth = d;
      i += word.length - 1;
      break;
    }
  }
  return depth < 0 ? null : LEVEL_BY_DEPTH[depth]!;
}

// --- organs and posts

function effectiveOrgan(cue: Cue, owner: OrganKind | undefined): OrganKind | undefined {
  if (cue.committee) return owner ?? cue.organ;
  return cue.organ;
}

interface OrganResult {
  organ: OrganKind | undefined;
  weak: boolean;
}

/** The organ a text names: the last strong organ word, resolving 市委 by its owner (中共, 共青团, 政协). */
function organOf(cues: CueMention[], limit = Infinity): OrganResult {
  let owner: OrganKind | undefined;
  let strong: OrganKind | undefined;
  let weak: OrganKind | undefined;
  let negSeen = false;
  for (const c of cues) {
    if (c.start >= limit) break;
    const { cue } = c;
    if (cue.neg) negSeen = true;
    if (cue.owner) owner = cue.owner;
    if (cue.post && limit !== Infinity) continue;
    const o = effectiveOrgan(cue, owner);
    if (!o || !cue.gov) continue;
    if (negSeen && !ORGANS_OVER_NEG.has(o)) continue;
    if (cue.weakOrgan) weak = o;
    else strong = o;
  }
  if (strong) return { organ: strong, weak: false };
  return { organ: weak, weak: weak !== undefined };
}

const SEPARATORS = new Set([...'、，,；;/|兼及和（(）) 　·'].map((c) => c.charCodeAt(0)));

function isCjk(code: number): boolean {
  return code >= 0x4e00 && code <= 0x9fff;
}

/** Posts that end a phrase: 民警 at the end of the text, not 干部 in 干部监督科. */
function postsOf(a: Analysed): CueMention[] {
  const out: CueMention[] = [];
  const cues = a.cues;
  for (let i = 0; i < cues.length; i++) {
    const c = cues[i]!;
    if (!c.cue.post) continue;
    const next = a.text.charCodeAt(c.end);
    if (c.end >= a.text.length || !isCjk(next) || SEPARATORS.has(next) || cues[i + 1]?.start === c.end) out.push(c);
  }
  return out;
}

function isDeputy(text: string, start: number): boolean {
  return text.charCodeAt(start - 1) === 0x526f /* 副 */ || text.slice(Math.max(0, start - 3), start) === '常务副';
}

interface PostReading {
  post: ResolvedPost;
  organ: OrganKind;
  level: Level | null;
  rank: Rank | null;
  deputy: boolean;
  start: number;
}

function readPost(a: Analysed, p: CueMention, chain: Chain | null): PostReading {
  const cues = a.cues;
  let owner: OrganKind | undefined;
  let unitCue: CueMention | undefined;
  let organStrong: OrganKind | undefined;
  let organWeak: OrganKind | undefined;
  for (const c of cues) {
    if (c.start >= p.start) break;
    if (c.cue.owner) owner = c.cue.owner;
    if (c.cue.unit) unitCue = c;
    const o = effectiveOrgan(c.cue, owner);
    if (o && c.cue.gov && !c.cue.post) {
      if (c.cue.weakOrgan) organWeak = o;
      else organStrong = o;
    }
  }
  // A head of a region (副省长, 检察长) serves in the body the post names; staff (书记员, 民警) in the unit before them.
  const own = p.cue.organ;
  const organ: OrganKind = (p.cue.post === 'A' ? own : undefined) ?? organStrong ?? own ?? organWeak ?? 'government';
  const level = p.cue.level ?? levelAt(chain, cues, p.start, []).level ?? (chain ? null : levelFromWords(a.text, p.end));
  let post: ResolvedPost;
  const cat = p.cue.post!;
  if (cat !== 'ctx') post = cat;
  else {
    const unit = unitCue?.cue.unit;
    const unitOrgan = unitCue ? effectiveOrgan(unitCue.cue, owner) : undefined;
    const word = a.text.slice(p.start, p.end);
    if (!unitCue) post = chain ? 'A' : 'B';
    else if (unit === 'sub') post = 'C';
    else if (unit === 'region') {
      post = unitOrgan === 'mass_organization' ? 'B' : word === '局长' || word === '部长' ? 'B' : 'A';
    } else {
      // A minister: 局长 / 部长 / 主任 right after the name of a ministry-level organ, with no sub-unit between.
      const gap = a.text.slice(unitCue.end, p.start).replace(/常务|副/g, '');
      post = unitCue.cue.ministry && gap === '' && level === 'national' ? 'M' : 'B';
    }
  }
  return { post, organ, level, rank: level ? rankOf(post, level) : null, deputy: isDeputy(a.text, p.start), start: p.start };
}

const SURNAMES = new Set(
  [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝'],
);

/** A name that reads as a person's: two to four characters, a common surname, no cue or place in it. */
function looksLikePerson(name: string, a: Analysed): boolean {
  if (name.length < 2 || name.length > 4 || a.cues.length || a.places.length) return false;
  for (let i = 0; i < name.length; i++) if (!isCjk(name.charCodeAt(i))) return false;
  return SURNAMES.has(name[0]!);
}

function nonGovernment(uncertain: LabelField[]): Classification {
  return { government: false, kind: null, organ: null, public_security: false, level: null, rank: null, province: null, uncertain };
}

/** Labels for one account from its name and verification text. */
export function classify(input: ClassifyInput): Classification {
  const name = simplified((input.name ?? '').trim());
  const vtext = simplified((input.verification ?? '').trim());
  const N = analyse(name);
  const V = analyse(vtext);
  const vj = judge(V);
  const nj = judge(N);
  const pat = namePattern(name, N);

  const uncertain: LabelField[] = [];
  const vDecides = vj.gov > 0 || vj.neg;
  let gov: number;
  if (vDecides) {
    if (vj.neg) return nonGovernment([]);
    gov = vj.gov === 1 && (nj.gov === 2 || pat.gov === 2) ? 2 : vj.gov;
  } else {
    if (nj.neg) return nonGovernment([]);
    // A name alone that names no place and no national organ, nor ends as accounts are named (禁毒在线), is a
    // phrase, not an organ: 警察故事, 交警同款头盔.
    if (N.places.length === 0 && !N.cues.some((c) => c.cue.national) && !ACCOUNT_ENDING.test(name)) {
      return nonGovernment(Math.max(nj.gov, pat.gov) > 0 || pat.doubt ? ['government'] : []);
    }
    gov = Math.max(nj.gov, pat.gov);
    if (gov === 0) return nonGovernment(pat.doubt ? ['government'] : []);
  }
  if (gov === 1) uncertain.push('government');

  // kind
  const posts = vDecides ? postsOf(V) : [];
  const institutionalMark = V.cues.some((c) => c.cue.institutional);
  let individual = posts.length > 0 && !institutionalMark;
  let personGuess = false;
  if (!individual && vDecides && !institutionalMark && looksLikePerson(name, N)) {
    individual = true;
    personGuess = true;
  }

  // places: an individual's name is a person's name, not a place
  const weighted: Weighted[] = [];
  for (const m of V.places) weighted.push({ m, w: 2, v: true });
  if (!individual || weighted.length === 0) {
    for (const m of N.places) {
      // The name repeating a place of the verification is not a second witness.
      const said = name.slice(m.start, m.end);
      if (V.places.some((p) => vtext.slice(p.start, p.end) === said)) continue;
      weighted.push({ m, w: 1, v: false });
    }
  }
  const chain = resolveChain(weighted);
  // The name helps to pick among namesakes but never deepens what the verification says (平安龙江 is the province's police).
  if (chain && V.places.length > 0) chain.picks = chain.picks.filter((p) => p.at.v);

  const primaryCues = vDecides ? V.cues : N.cues;
  const nameCues = vDecides && !individual && nj.gov > 0 ? N.cues : [];

  let organ: OrganKind | undefined;
  let level: Level | null;
  let fromPlaces: boolean;
  let rank: Rank | null = null;
  if (individual && !personGuess) {
    let chosen: PostReading | undefined;
    for (const p of posts) {
      const r = readPost(V, p, chain);
      if (!chosen) chosen = r;
      else {
        const cmp = r.rank && chosen.rank ? compareRanks(r.rank, chosen.rank) : 0;
        if (cmp > 0 || (cmp === 0 && chosen.deputy && !r.deputy)) chosen = r;
      }
    }
    organ = chosen!.organ;
    level = chosen!.level;
    fromPlaces = level !== null;
    rank = chosen!.rank;
    if (!rank) uncertain.push('rank');
  } else {
    const o = organOf(primaryCues);
    organ = o.organ;
    if ((!organ || o.weak) && pat.organ) organ = pat.organ;
    if (!organ && nameCues.length) organ = organOf(nameCues).organ;
    const lv = levelAt(chain, primaryCues, Infinity, vDecides ? nameCues : []);
    level = lv.level ?? (chain ? null : levelFromWords(vDecides ? vtext : name, Infinity));
    fromPlaces = lv.fromPlaces;
    if (individual) {
      rank = 'staff';
      uncertain.push('rank');
    }
  }
  if (!organ) {
    organ = 'government';
    uncertain.push('organ');
  }
  if (personGuess) uncertain.push('kind');

  const ps = (vDecides ? vj.ps : nj.ps || pat.ps === true) || ((nj.ps || pat.ps === true) && organ === 'government');

  let province: string | null = null;
  if (level === 'national') province = null;
  else {
    province = chain?.province ?? null;
    if (!chain || chain.provinceUncertain || province === null) uncertain.push('province');
    if (level === null || (fromPlaces && chain?.levelUncertain)) uncertain.push('level');
  }

  return {
    government: true,
    kind: individual ? 'individual' : 'institutional',
    organ,
    public_security: ps,
    level,
    rank,
    province,
    uncertain,
  };
}
