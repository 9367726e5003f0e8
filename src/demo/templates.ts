import type { Rng } from '../app/random.js';
import type { Level, OrganKind, Rank } from '../domain/taxonomy.js';
import type { County, Prefecture, ProvincePlaces } from './places.js';

export { type Rng, mulberry32 } from '../app/random.js';

export function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)] as T;
}

/** What a template makes: the texts an account shows and the facts a reviewer verified. */
export interface Made {
  name: string;
  verification: string;
  organName: string;
  position: string | null;
  /** Six-digit GB/T 2260 code of the organ's region; null for national organs. */
  regionCode: string | null;
  level: Level;
  organ: OrganKind;
}

/** Where an organ sits, with the strings its names are built from. */
interface Seat {
  p: ProvincePlaces;
  pref: Prefecture | null;
  county: County | null;
  town: string | null;
  code: string;
}

function prefectureSeat(rng: Rng, p: ProvincePlaces): Seat {
  const pref = pick(rng, p.prefectures);
  return { p, pref, county: null, town: null, code: pref.code };
}

function countySeat(rng: Rng, p: ProvincePlaces, needTownships = false): Seat {
  const pool = needTownships ? p.counties.filter((c) => c.townships.length > 0) : p.counties;
  const c = pick(rng, pool.length ? pool : p.counties);
  return { p, pref: c.prefecture, county: c, town: needTownships && c.townships.length ? pick(rng, c.townships) : null, code: c.code };
}

/** 苏州市 for a county in a prefecture; the province itself for a municipality's district. */
function cityOf(s: Seat): string {
  return s.pref ? s.pref.name : s.p.name;
}

function cityShort(s: Seat): string {
  return s.pref ? s.pref.short : s.p.short;
}

/** The police organ of a county-level division: a district has a branch (分局) of the city's bureau, a county or county-level city its own bureau. */
function countyPolice(C: string, county: County): string {
  return county.name.endsWith('区') ? `${C}公安局${county.short}分局` : `${C}${county.name}公安局`;
}

function station(C: string, county: County, town: string): string {
  return `${countyPolice(C, county)}${townStem(town)}派出所`;
}

/** The township without its 镇/乡/街道 suffix. */
function townStem(town: string): string {
  // 于家务回族乡 → 于家务: stations and committees are named after the place, not the ethnic designation.
  const stem = town.replace(/([\u4e00-\u9fa5]{1,4}族)?(街道|镇|乡|苏木)$/, '');
  return stem.length >= 2 ? stem : town.replace(/(街道|镇|乡|苏木)$/, '') || town;
}

const PROVINCIAL_DEPTS = ['环境保护厅', '教育厅', '卫生厅', '民政厅', '交通运输厅', '人力资源和社会保障厅', '农业厅', '林业厅', '商务厅', '旅游局', '水利厅', '司法厅'];
const CITY_DEPTS = ['环境保护局', '教育局', '卫生局', '民政局', '交通运输局', '旅游局', '人力资源和社会保障局', '城市管理局', '食品药品监督管理局', '安全生产监督管理局', '司法局', '规划局'];
const MINISTRIES = ['外交部', '商务部', '卫生部', '环境保护部', '民政部', '水利部', '交通运输部', '农业部', '教育部', '司法部', '国家旅游局', '国家林业局'];

/** One (name, organ) pair, so that an account's name and its organ always belong together. */
function pair(rng: Rng, made: (name: string, organName: string, regionCode: string | null) => Made, options: [string, string][], regionCode: string | null): Made {
  const [name, organName] = pick(rng, options);
  return made(name, organName, regionCode);
}

/** An institutional account of the given kind and level, in province `p` (ignored for national organs). */
export function makeInstitution(rng: Rng, organ: OrganKind, police: boolean, level: Level, p: ProvincePlaces): Made {
  const P = p.name;
  const S = p.short;
  const policeOrgan = p.municipality ? `${P}公安局` : `${P}公安厅`;
  const made = (name: string, organName: string, regionCode: string | null, verification = `${organName}官方微博`): Made => ({
    name,
    verification,
    organName,
    position: null,
    regionCode,
    level,
    organ,
  });

  if (level === 'national') {
    if (police) return made(pick(rng, ['公安部打四黑除四害', '中国警方在线', '公安部刑侦局', '公安部交通管理局']), '中华人民共和国公安部', null);
    if (organ === 'court') return made('最高人民法院', '最高人民法院', null);
    if (organ === 'procuratorate') return made('最高人民检察院', '最高人民检察院', null);
    if (organ === 'public_institution') return pair(rng, made, [['中国气象局', '中国气象局'], ['中国地震台网', '中国地震局']], null);
    if (organ === 'mass_organization') return made('共青团中央', '中国共产主义青年团中央委员会', null);
    if (organ === 'party') return made('共产党员网', '中共中央组织部', null);
    const m = pick(rng, MINISTRIES);
    return made(`${m.replace(/^国家/, '')}新闻办`, `中华人民共和国${m}新闻办公室`, null);
  }

  if (level === 'provincial') {
    const code = `${p.code.slice(0, 2)}0000`;
    if (police) {
      const [name, unit] = pick(rng, [
        [`平安${S}`, policeOrgan],
        [`${S}交警`, `${policeOrgan}交通管理局`],
        [`${S}网警`, `${policeOrgan}网络安全保卫总队`],
        [`${S}消防`, `${P}公安消防总队`],
      ] as const);
      return made(name, unit, code);
    }
    switch (organ) {
      case 'party':
        return pair(rng, made, [
          [`${S}组工`, `中共${P}委员会组织部`],
          [`${S}宣传`, `中共${P}委员会宣传部`],
        ], code);
      case 'legislature':
        return made(`${S}人大`, `${P}人民代表大会常务委员会`, code);
      case 'political_advisory':
        return made(`${S}政协`, `中国人民政治协商会议${P}委员会`, code);
      case 'discipline':
        return made(`清风${S}`, `中共${P}纪律检查委员会`, code);
      case 'court':
        return made(`${S}高院`, `${P}高级人民法院`, code);
      case 'procuratorate':
        return made(`${S}检察`, `${P}人民检察院`, code);
      case 'public_institution':
        return made(`${S}气象`, `${P}气象局`, code);
      case 'mass_organization':
        return pair(rng, made, [
          [`共青团${P}委员会`, `共青团${P}委员会`],
          [`${S}妇联`, `${P}妇女联合会`],
        ], code);
      default: {
        if (rng() < 0.4) return made(`${S}发布`, `${P}人民政府新闻办公室`, code);
        const dept = pick(rng, PROVINCIAL_DEPTS);
        return made(`${P}${dept}`, `${P}${dept}`, code);
      }
    }
  }

  if (level === 'prefectural') {
    const s = prefectureSeat(rng, p);
    const C = cityOf(s);
    const CS = cityShort(s);
    if (police) {
      const [name, unit] = pick(rng, [
        [`平安${CS}`, `${C}公安局`],
        [`${CS}交警`, `${C}公安局交通警察支队`],
        [`${CS}网警`, `${C}公安局网络警察支队`],
        [`${CS}消防`, `${C}公安消防支队`],
        [`${CS}巡警`, `${C}公安局巡警支队`],
      ] as const);
      return made(name, unit, s.code);
    }
    switch (organ) {
      case 'party':
        return pair(rng, made, [
          [`${CS}组工`, `中共${C}委员会组织部`],
          [`${CS}长安网`, `中共${C}委员会政法委员会`],
          [`${C}委宣传部`, `中共${C}委员会宣传部`],
        ], s.code);
      case 'legislature':
        return made(`${CS}人大`, `${C}人民代表大会常务委员会`, s.code);
      case 'political_advisory':
        return made(`${CS}政协`, `中国人民政治协商会议${C}委员会`, s.code);
      case 'discipline':
        return made(pick(rng, [`清风${CS}`, `廉洁${CS}`]), `中共${C}纪律检查委员会`, s.code);
      case 'court':
        return made(`${CS}中院`, `${C}中级人民法院`, s.code);
      case 'procuratorate':
        return made(`${CS}检察`, `${C}人民检察院`, s.code);
      case 'public_institution':
        return pair(rng, made, [
          [`${CS}气象`, `${C}气象局`],
          [`${CS}疾控`, `${C}疾病预防控制中心`],
        ], s.code);
      case 'mass_organization':
        return made(`共青团${C}委`, `共青团${C}委员会`, s.code);
      default: {
        if (rng() < 0.35) return made(`${CS}发布`, `${C}人民政府新闻办公室`, s.code);
        const dept = pick(rng, CITY_DEPTS);
        return made(`${C}${dept}`, `${C}${dept}`, s.code);
      }
    }
  }

  if (level === 'county') {
    const s = countySeat(rng, p);
    const C = cityOf(s);
    const X = (s.county as County).name;
    const XS = (s.county as County).short;
    const where = `${C}${X}`;
    const district = X.endsWith('区');
    if (police) {
      const unit = countyPolice(C, s.county as County);
      const [name, org] = district
        ? pick(rng, [
            [`${cityShort(s)}公安${XS}分局`, unit],
            [`平安${XS}`, unit],
          ] as const)
        : pick(rng, [
            [`平安${XS}`, unit],
            [`${XS}交警`, `${unit}交通管理大队`],
          ] as const);
      return made(name, org, s.code);
    }
    switch (organ) {
      case 'party':
        return made(`${XS}宣传`, `中共${where}委员会宣传部`, s.code);
      case 'legislature':
        return made(`${XS}人大`, `${where}人民代表大会常务委员会`, s.code);
      case 'political_advisory':
        return made(`${XS}政协`, `中国人民政治协商会议${where}委员会`, s.code);
      case 'discipline':
        return made(`廉洁${XS}`, `中共${where}纪律检查委员会`, s.code);
      case 'court':
        return made(`${X}人民法院`, `${where}人民法院`, s.code);
      case 'procuratorate':
        return made(`${X}检察院`, `${where}人民检察院`, s.code);
      case 'public_institution':
        return made(`${X}气象局`, `${where}气象局`, s.code);
      case 'mass_organization':
        return made(`共青团${X}委`, `共青团${where}委员会`, s.code);
      default: {
        if (rng() < 0.3) return made(`${XS}发布`, `${where}人民政府新闻办公室`, s.code);
        const dept = pick(rng, CITY_DEPTS);
        return made(`${X}${dept}`, `${where}${dept}`, s.code);
      }
    }
  }

  // Township: police stations, people's tribunals, and the township's own Party committee and government.
  const s = countySeat(rng, p, true);
  const C = cityOf(s);
  const X = (s.county as County).name;
  const T = s.town ?? `${(s.county as County).short}镇`;
  const stem = townStem(T);
  if (police) return made(`${stem}派出所`, station(C, s.county as County, T), s.code);
  switch (organ) {
    case 'court':
      return made(`${stem}人民法庭`, `${C}${X}人民法院${stem}人民法庭`, s.code);
    case 'party':
      return made(`${stem}党委`, `中共${C}${X}${T}委员会`, s.code);
    case 'legislature':
      return made(`${stem}人大`, `${C}${X}${T}人民代表大会主席团`, s.code);
    case 'discipline':
      return made(`${stem}纪委`, `中共${C}${X}${T}纪律检查委员会`, s.code);
    default:
      return T.endsWith('街道') ? made(`${stem}街道`, `${C}${X}${T}办事处`, s.code) : made(`${T}政府`, `${C}${X}${T}人民政府`, s.code);
  }
}

/** The levels at which each organ kind has accounts here, with weights (county-level organs are the most numerous). */
export const ORGAN_LEVEL_WEIGHTS: Record<OrganKind, Partial<Record<Level, number>>> = {
  government: { national: 0.8, provincial: 4, prefectural: 19, county: 50, township: 26.2 },
  party: { national: 0.3, provincial: 4, prefectural: 20, county: 46, township: 29.7 },
  legislature: { provincial: 6, prefectural: 26, county: 52, township: 16 },
  political_advisory: { provincial: 8, prefectural: 30, county: 62 },
  discipline: { provincial: 5, prefectural: 22, county: 50, township: 23 },
  court: { national: 0.1, provincial: 2, prefectural: 16, county: 55, township: 26.9 },
  procuratorate: { national: 0.1, provincial: 3, prefectural: 22, county: 74.9 },
  public_institution: { national: 1, provincial: 8, prefectural: 35, county: 56 },
  mass_organization: { national: 0.5, provincial: 9, prefectural: 31, county: 59.5 },
};

const SURNAMES = '王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢';
const GIVEN = ['建国', '志强', '海燕', '晓明', '丽', '军', '伟', '敏', '静', '磊', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '平', '刚', '桂英', '文', '辉', '鹏', '红', '春生', '宁', '斌', '建华', '玉兰', '立新', '卫东', '晓东', '国强', '振华', '德明', '永刚', '雪梅'];

export function personName(rng: Rng): string {
  return `${SURNAMES[Math.floor(rng() * SURNAMES.length)]}${pick(rng, GIVEN)}`;
}

type Post = { post: string; organ: OrganKind };

const REGION_HEADS: Record<'provincial' | 'prefectural' | 'county' | 'township', Post[]> = {
  provincial: [
    { post: '副省长', organ: 'government' },
    { post: '委常委', organ: 'party' },
    { post: '人大常委会副主任', organ: 'legislature' },
    { post: '政协副主席', organ: 'political_advisory' },
    { post: '纪委书记', organ: 'discipline' },
  ],
  prefectural: [
    { post: '副市长', organ: 'government' },
    { post: '委常委', organ: 'party' },
    { post: '人大常委会副主任', organ: 'legislature' },
    { post: '政协副主席', organ: 'political_advisory' },
    { post: '纪委书记', organ: 'discipline' },
    { post: '中级人民法院院长', organ: 'court' },
    { post: '人民检察院检察长', organ: 'procuratorate' },
  ],
  county: [
    { post: '副县长', organ: 'government' },
    { post: '委书记', organ: 'party' },
    { post: '人大常委会主任', organ: 'legislature' },
    { post: '政协主席', organ: 'political_advisory' },
    { post: '纪委书记', organ: 'discipline' },
    { post: '人民法院院长', organ: 'court' },
    { post: '人民检察院检察长', organ: 'procuratorate' },
  ],
  township: [
    { post: '党委书记', organ: 'party' },
    { post: '镇长', organ: 'government' },
    { post: '人大主席', organ: 'legislature' },
  ],
};

/** An official of the given rank band, in province `p`, police or not; the template decides the organ and level. */
export function makeOfficial(rng: Rng, rank: Rank, police: boolean, p: ProvincePlaces): Made {
  const P = p.name;
  const name = personName(rng);
  const make = (organName: string, position: string, level: Level, organ: OrganKind, regionCode: string | null, verification = `${organName}${position}`): Made => ({
    name,
    verification,
    organName,
    position,
    regionCode,
    level,
    organ,
  });
  const provCode = `${p.code.slice(0, 2)}0000`;
  const policeOrgan = p.municipality ? `${P}公安局` : `${P}公安厅`;

  switch (rank) {
    case 'ministerial': {
      const h = pick(rng, REGION_HEADS.provincial);
      const post = h.post === '副省长' && p.municipality ? '副市长' : h.post;
      const organName = h.organ === 'party' ? `中共${P}委员会` : P;
      return make(organName, post, 'provincial', h.organ, provCode, `${P}${post}`);
    }
    case 'bureau': {
      if (police) return make(policeOrgan, pick(rng, ['副厅长', '厅长']).replace('厅', p.municipality ? '局' : '厅'), 'provincial', 'government', provCode);
      if (rng() < 0.45 || p.prefectures.length === 0) {
        const dept = pick(rng, PROVINCIAL_DEPTS);
        return make(`${P}${dept}`, dept.endsWith('局') ? '副局长' : '副厅长', 'provincial', 'government', provCode);
      }
      const s = prefectureSeat(rng, p);
      const h = pick(rng, REGION_HEADS.prefectural);
      return make(s.pref?.name ?? P, h.post, 'prefectural', h.organ, s.code, `${P}${s.pref?.name ?? ''}${h.post}`);
    }
    case 'division': {
      if (police) {
        if (p.prefectures.length && rng() < 0.7) {
          const s = prefectureSeat(rng, p);
          return make(`${s.pref?.name}公安局`, '副局长', 'prefectural', 'government', s.code);
        }
        return make(policeOrgan, pick(rng, ['刑事侦查总队总队长', '治安管理总队副总队长', '交通警察总队副总队长']), 'provincial', 'government', provCode);
      }
      const s = countySeat(rng, p);
      const X = (s.county as County).name;
      const h = pick(rng, REGION_HEADS.county);
      const post = h.post === '副县长' && X.endsWith('区') ? '副区长' : h.post === '副县长' && X.endsWith('市') ? '副市长' : h.post;
      return make(`${cityOf(s)}${X}`, post, 'county', h.organ, s.code, `${P === cityOf(s) ? '' : P}${cityOf(s)}${X}${post}`);
    }
    case 'section': {
      const s = countySeat(rng, p, true);
      const C = cityOf(s);
      const X = (s.county as County).name;
      const T = s.town ?? `${(s.county as County).short}镇`;
      if (police) {
        return make(station(C, s.county as County, T), pick(rng, ['所长', '副所长']), 'township', 'government', s.code);
      }
      if (rng() < 0.6) {
        const h = pick(rng, REGION_HEADS.township);
        if (T.endsWith('街道')) return make(`${C}${X}${T}办事处`, pick(rng, ['主任', '副主任']), 'township', 'government', s.code);
        const post = h.post === '镇长' && T.endsWith('乡') ? '乡长' : h.post;
        return make(`${C}${X}${T}`, post, 'township', h.organ, s.code);
      }
      const dept = pick(rng, CITY_DEPTS);
      return make(`${C}${X}${dept}`, '副局长', 'county', 'government', s.code);
    }
    default: {
      if (police) {
        const s = countySeat(rng, p, true);
        const C = cityOf(s);
        const X = (s.county as County).name;
        const T = s.town ?? `${(s.county as County).short}镇`;
        if (rng() < 0.7) return make(station(C, s.county as County, T), '民警', 'township', 'government', s.code);
        return make(countyPolice(C, s.county as County), pick(rng, ['民警', '交警大队民警']), 'county', 'government', s.code);
      }
      const s = countySeat(rng, p);
      const where = `${cityOf(s)}${(s.county as County).name}`;
      const [organName, position, organ] = pick(rng, [
        [`${where}人民法院`, '法官', 'court'],
        [`${where}人民检察院`, '检察官', 'procuratorate'],
        [`${where}${pick(rng, CITY_DEPTS)}`, '科员', 'government'],
      ] as const);
      return make(organName, position, 'county', organ, s.code);
    }
  }
}
