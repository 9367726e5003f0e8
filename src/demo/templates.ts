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
  /** The place in the name (济南, 历城区), which its handle spells out; null when the name has none. */
  place: string | null;
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

const PROVINCIAL_DEPTS = [
  '发展和改革委员会', '教育厅', '科学技术厅', '民政厅', '司法厅', '财政厅', '人力资源和社会保障厅', '国土资源厅', '环境保护厅', '住房和城乡建设厅',
  '交通运输厅', '水利厅', '农业厅', '林业厅', '商务厅', '文化厅', '卫生厅', '审计厅', '人口和计划生育委员会', '工商行政管理局',
  '质量技术监督局', '食品药品监督管理局', '安全生产监督管理局', '统计局', '旅游局', '体育局', '物价局', '信访局', '地方税务局', '外事侨务办公室',
];
/**
 * The four municipalities' departments are 局 and 委员会, not 厅 (北京市教育委员会, 重庆市林业局), and a few have
 * their own names (北京市园林绿化局, 上海市绿化和市容管理局); where a department differs, by province code.
 */
const MUNICIPAL_DEPTS = [
  '发展和改革委员会', '教育委员会', '科学技术委员会', '民政局', '司法局', '财政局', '人力资源和社会保障局', '环境保护局', '商务委员会', '卫生局',
  '审计局', '人口和计划生育委员会', '工商行政管理局', '质量技术监督局', '食品药品监督管理局', '安全生产监督管理局', '统计局', '旅游局', '体育局', '物价局',
  '信访办公室', '地方税务局', '外事办公室',
];
const MUNICIPAL_OWN: Record<string, string[]> = {
  '11': ['交通委员会', '园林绿化局', '水务局', '农业局', '国土资源局', '住房和城乡建设委员会', '文化局'],
  '12': ['交通运输和港口管理局', '林业局', '水务局', '农村工作委员会', '国土资源和房屋管理局', '城乡建设和交通委员会', '文化广播影视局'],
  '31': ['城乡建设和交通委员会', '绿化和市容管理局', '水务局', '农业委员会', '规划和国土资源管理局', '住房保障和房屋管理局', '文化广播影视管理局'],
  '50': ['交通委员会', '林业局', '水利局', '农业委员会', '国土资源和房屋管理局', '城乡建设委员会', '文化广播电视局'],
};
/** A province's departments: the municipalities' own list, the provinces' 厅 and 局. */
export function provincialDepts(p: ProvincePlaces): string[] {
  const code = p.code.slice(0, 2);
  return p.municipality ? [...MUNICIPAL_DEPTS, ...(MUNICIPAL_OWN[code] ?? [])] : PROVINCIAL_DEPTS;
}
/** Vertically managed offices in a province, named after it (国家税务局, 出入境检验检疫局…). */
const PROVINCIAL_VERTICAL = ['国家税务局', '出入境检验检疫局', '通信管理局', '邮政管理局', '地震局', '煤矿安全监察局'];
const CITY_DEPTS = [
  '发展和改革局', '教育局', '科学技术局', '民政局', '司法局', '财政局', '人力资源和社会保障局', '国土资源局', '环境保护局', '住房和城乡建设局',
  '交通运输局', '水利局', '农业局', '林业局', '商务局', '文化广电新闻出版局', '卫生局', '审计局', '人口和计划生育局', '工商行政管理局',
  '质量技术监督局', '食品药品监督管理局', '安全生产监督管理局', '统计局', '旅游局', '体育局', '物价局', '信访局', '城市管理局', '规划局',
  '地方税务局', '国家税务局', '住房公积金管理中心', '人民政府法制办公室', '人民政府外事办公室',
];
const MINISTRIES = [
  '外交部', '商务部', '卫生部', '环境保护部', '民政部', '水利部', '交通运输部', '农业部', '教育部', '司法部', '国家旅游局', '国家林业局',
  '科学技术部', '工业和信息化部', '人力资源和社会保障部', '国土资源部', '住房和城乡建设部', '文化部', '审计署', '国家统计局', '国家安全生产监督管理总局',
  '国家食品药品监督管理局', '国家质量监督检验检疫总局', '国家知识产权局', '国家税务总局', '海关总署',
  '国家发展和改革委员会', '财政部', '国家民族事务委员会', '国家人口和计划生育委员会', '铁道部', '国家广播电影电视总局', '新闻出版总署', '国家体育总局',
  '国家宗教事务局', '国家信访局', '国家粮食局', '国家能源局', '国家邮政局', '国家文物局', '中国民用航空局', '国家测绘地理信息局', '国家工商行政管理总局',
  '国家中医药管理局', '国家外汇管理局', '国家档案局',
];
/** Offices most ministries have, each with its own account beside the ministry's press office. */
const MINISTRY_OFFICES = ['办公厅', '政策法规司', '人事司', '国际合作司', '信访办公室'];

/** 一 … 九十九, for numbered units (第三派出所, 第十二支队). */
export function chineseNumber(n: number): string {
  const d = '零一二三四五六七八九';
  if (n < 10) return d[n] as string;
  if (n < 20) return `十${n % 10 ? d[n % 10] : ''}`;
  return `${d[Math.floor(n / 10)]}十${n % 10 ? d[n % 10] : ''}`;
}

/** An institutional account of the given kind and level, in province `p` (ignored for national organs). */
export function makeInstitution(rng: Rng, organ: OrganKind, police: boolean, level: Level, p: ProvincePlaces): Made {
  const P = p.name;
  const S = p.short;
  const policeOrgan = p.municipality ? `${P}公安局` : `${P}公安厅`;
  const made = (name: string, organName: string, regionCode: string | null, place: string | null = null, verification = `${organName}官方微博`): Made => ({
    name,
    verification,
    organName,
    position: null,
    regionCode,
    level,
    organ,
    place,
  });
  const one = (options: readonly (readonly [string, string])[], code: string | null, place: string | null) => {
    const [name, organName] = pick(rng, options);
    return made(name, organName, code, place);
  };

  if (level === 'national') {
    if (police)
      return one(
        [
          ['公安部打四黑除四害', '中华人民共和国公安部'],
          ['中国警方在线', '中华人民共和国公安部新闻宣传局'],
          ['公安部刑侦局', '中华人民共和国公安部刑事侦查局'],
          ['公安部交通管理局', '中华人民共和国公安部交通管理局'],
          ['公安部经侦局', '中华人民共和国公安部经济犯罪侦查局'],
          ['公安部治安管理局', '中华人民共和国公安部治安管理局'],
          ['公安部禁毒局', '中华人民共和国公安部禁毒局'],
          ['公安部出入境管理局', '中华人民共和国公安部出入境管理局'],
          ['公安部消防局', '中华人民共和国公安部消防局'],
          ['公安部边防管理局', '中华人民共和国公安部边防管理局'],
          ['公安部网络安全保卫局', '中华人民共和国公安部网络安全保卫局'],
          ['公安部打拐办', '中华人民共和国公安部刑事侦查局打击拐卖妇女儿童犯罪办公室'],
          ['公安部监所管理局', '中华人民共和国公安部监所管理局'],
          ['公安部铁路公安局', '中华人民共和国公安部铁路公安局'],
          ['公安部交通管理科学研究所', '中华人民共和国公安部交通管理科学研究所'],
          ['公安部新闻发言人', '中华人民共和国公安部新闻中心'],
          ['中国警察网', '中华人民共和国公安部宣传局中国警察网'],
          ['公安部科技信息化局', '中华人民共和国公安部科技信息化局'],
          ['公安部警务督察局', '中华人民共和国公安部警务督察局'],
          ['公安部法制局', '中华人民共和国公安部法制局'],
          ['公安部国际合作局', '中华人民共和国公安部国际合作局'],
          ['公安部政治部', '中华人民共和国公安部政治部'],
          ['公安部办公厅', '中华人民共和国公安部办公厅'],
          ['中国人民公安大学', '中国人民公安大学'],
          ['公安部第三研究所', '中华人民共和国公安部第三研究所'],
          ['公安部反恐怖局', '中华人民共和国公安部反恐怖局'],
          ['公安部食药侦局', '中华人民共和国公安部食品药品犯罪侦查局'],
        ],
        null,
        null,
      );
    if (organ === 'court')
      return one(
        [
          ['最高人民法院', '最高人民法院'],
          ['最高人民法院新闻局', '最高人民法院新闻局'],
          ['最高人民法院执行局', '最高人民法院执行局'],
          ['最高人民法院民一庭', '最高人民法院民事审判第一庭'],
          ['最高人民法院知识产权庭', '最高人民法院知识产权审判庭'],
          ['最高人民法院立案庭', '最高人民法院立案庭'],
          ['最高人民法院刑一庭', '最高人民法院刑事审判第一庭'],
          ['最高人民法院行政庭', '最高人民法院行政审判庭'],
        ],
        null,
        null,
      );
    if (organ === 'procuratorate')
      return one(
        [
          ['最高人民检察院', '最高人民检察院'],
          ['最高检新闻办', '最高人民检察院新闻办公室'],
          ['最高检反贪总局', '最高人民检察院反贪污贿赂总局'],
          ['最高检公诉厅', '最高人民检察院公诉厅'],
          ['最高检控告申诉厅', '最高人民检察院控告检察厅'],
          ['最高检渎职侵权检察厅', '最高人民检察院渎职侵权检察厅'],
        ],
        null,
        null,
      );
    if (organ === 'public_institution')
      return one(
        [
          ['中国气象局', '中国气象局'],
          ['中国地震台网', '中国地震局'],
          ['中央气象台', '中国气象局中央气象台'],
          ['国家海洋局', '国家海洋局'],
          ['中国疾控中心', '中国疾病预防控制中心'],
          ['国家减灾委', '国家减灾委员会办公室'],
          ['中国科学院', '中国科学院'],
          ['国家图书馆', '国家图书馆'],
          ['国家博物馆', '中国国家博物馆'],
          ['中国科技馆', '中国科学技术馆'],
          ['国家气候中心', '国家气候中心'],
          ['国家卫星气象中心', '国家卫星气象中心'],
          ['国家海洋预报台', '国家海洋环境预报中心'],
          ['中国环境监测总站', '中国环境监测总站'],
          ['中国社会科学院', '中国社会科学院'],
          ['中国工程院', '中国工程院'],
          ['国家行政学院', '国家行政学院'],
          ['中央人民广播电台', '中央人民广播电台'],
          ['中国国际广播电台', '中国国际广播电台'],
          ['国家信息中心', '国家信息中心'],
          ['中国地质调查局', '中国地质调查局'],
          ['国家减灾中心', '民政部国家减灾中心'],
          ['中国红十字基金会', '中国红十字基金会'],
          ['国家天文台', '中国科学院国家天文台'],
          ['公共气象服务中心', '中国气象局公共气象服务中心'],
          ['国家互联网应急中心', '国家计算机网络应急技术处理协调中心'],
          ['中国互联网络信息中心', '中国互联网络信息中心'],
          ['国家大剧院', '国家大剧院'],
          ['故宫博物院', '故宫博物院'],
          ['中国美术馆', '中国美术馆'],
          ['中国农业科学院', '中国农业科学院'],
          ['中国林业科学研究院', '中国林业科学研究院'],
          ['中国标准化研究院', '中国标准化研究院'],
          ['国家应对气候变化战略研究中心', '国家应对气候变化战略研究和国际合作中心'],
        ],
        null,
        null,
      );
    if (organ === 'mass_organization')
      return one(
        [
          ['共青团中央', '中国共产主义青年团中央委员会'],
          ['全国妇联', '中华全国妇女联合会'],
          ['全国总工会', '中华全国总工会'],
          ['中国残联', '中国残疾人联合会'],
          ['中国科协', '中国科学技术协会'],
          ['中国侨联', '中华全国归国华侨联合会'],
          ['中国文联', '中国文学艺术界联合会'],
          ['中国红十字会', '中国红十字会总会'],
        ],
        null,
        null,
      );
    if (organ === 'party')
      return one(
        [
          ['共产党员网', '中共中央组织部'],
          ['中央纪委监察部网站', '中共中央纪律检查委员会宣传部'],
          ['中央编办', '中央机构编制委员会办公室'],
          ['中国长安网', '中共中央政法委员会'],
          ['中央党校', '中共中央党校'],
          ['中共党史', '中共中央党史研究室'],
          ['中央国家机关工委', '中共中央国家机关工作委员会'],
          ['中联部', '中共中央对外联络部'],
          ['中宣部', '中共中央宣传部'],
          ['中央统战部', '中共中央统一战线工作部'],
          ['中央文献研究室', '中共中央文献研究室'],
          ['中央编译局', '中共中央编译局'],
          ['中央政研室', '中共中央政策研究室'],
          ['中直机关工委', '中共中央直属机关工作委员会'],
          ['中央台办', '中共中央台湾工作办公室'],
          ['中央外宣办', '中共中央对外宣传办公室'],
          ['中央综治办', '中央社会管理综合治理委员会办公室'],
        ],
        null,
        null,
      );
    const m = pick(rng, MINISTRIES);
    // The ministries (外交部) go by the state's name in full; the state's bureaus and administrations (国家旅游局, 海关总署) by their own.
    const full = m.endsWith('部') || m.endsWith('委员会') ? `中华人民共和国${m}` : m;
    if (rng() < 0.4) return made(`${m.replace(/^国家/, '')}新闻办`, `${full}新闻办公室`, null);
    const office = pick(rng, MINISTRY_OFFICES);
    return made(`${m}${office}`, `${full}${office}`, null);
  }

  if (level === 'provincial') {
    const code = `${p.code.slice(0, 2)}0000`;
    if (police) {
      // A province's public security organ has many bureaus and corps; the expressway traffic police have a detachment per city.
      if (rng() < 0.25) {
        if (p.prefectures.length) {
          const pref = pick(rng, p.prefectures);
          return made(`${S}高速交警${pref.short}支队`, `${policeOrgan}高速公路交通警察总队${pref.short}支队`, code, S);
        }
        const n = 1 + Math.floor(rng() * 12);
        return made(`${S}高速交警${chineseNumber(n)}支队`, `${policeOrgan}公安交通管理局高速公路${chineseNumber(n)}支队`, code, S);
      }
      return one(
        [
          [`平安${S}`, policeOrgan],
          [`${S}交警`, `${policeOrgan}交通管理局`],
          [`${S}网警`, `${policeOrgan}网络安全保卫总队`],
          [`${S}消防`, `${P}公安消防总队`],
          [`${S}边防`, `${P}公安边防总队`],
          [`${S}刑侦`, `${policeOrgan}刑事侦查总队`],
          [`${S}经侦`, `${policeOrgan}经济犯罪侦查总队`],
          [`${S}治安`, `${policeOrgan}治安管理总队`],
          [`${S}禁毒`, `${policeOrgan}禁毒总队`],
          [`${S}出入境`, `${policeOrgan}出入境管理局`],
          [`${S}特警`, `${policeOrgan}特警总队`],
          [`${S}森林公安`, `${P}森林公安局`],
          [`${S}警方`, `${policeOrgan}宣传处`],
          [`${S}监管`, `${policeOrgan}监所管理总队`],
          [`${S}户政`, `${policeOrgan}人口与出入境管理处`],
          [`${S}警察学院`, `${S}警察学院`],
        ],
        code,
        S,
      );
    }
    switch (organ) {
      case 'party':
        return one(
          [
            [`${S}组工`, `中共${P}委员会组织部`],
            [`${S}宣传`, `中共${P}委员会宣传部`],
            [`${S}长安网`, `中共${P}委员会政法委员会`],
            [`${S}统战`, `中共${P}委员会统一战线工作部`],
            [`${S}编办`, `${P}机构编制委员会办公室`],
            [`${S}党校`, `中共${P}委员会党校`],
            [`${S}党史`, `中共${P}委员会党史研究室`],
            [`${S}老干部`, `中共${P}委员会老干部局`],
            [`${S}直属机关工委`, `中共${P}直属机关工作委员会`],
            [`${S}文明网`, `${P}精神文明建设委员会办公室`],
            [`${S}政研室`, `中共${P}委员会政策研究室`],
            [`${S}台办`, `中共${P}委员会台湾工作办公室`],
          ],
          code,
          S,
        );
      case 'legislature':
        return one(
          [
            [`${S}人大`, `${P}人民代表大会常务委员会`],
            [`${S}人大法工委`, `${P}人民代表大会常务委员会法制工作委员会`],
            [`${S}人大信访`, `${P}人民代表大会常务委员会信访局`],
            [`${S}人大代表`, `${P}人民代表大会常务委员会代表工作委员会`],
            [`${S}人大办公厅`, `${P}人民代表大会常务委员会办公厅`],
            [`${S}人大财经委`, `${P}人民代表大会财政经济委员会`],
            [`${S}人大教科文卫`, `${P}人民代表大会教育科学文化卫生委员会`],
            [`${S}人大内司委`, `${P}人民代表大会内务司法委员会`],
          ],
          code,
          S,
        );
      case 'political_advisory':
        return one(
          [
            [`${S}政协`, `中国人民政治协商会议${P}委员会`],
            [`${S}政协提案`, `中国人民政治协商会议${P}委员会提案委员会`],
            [`${S}政协委员之家`, `中国人民政治协商会议${P}委员会办公厅`],
            [`${S}政协文史`, `中国人民政治协商会议${P}委员会文史资料委员会`],
            [`${S}政协港澳台侨`, `中国人民政治协商会议${P}委员会港澳台侨委员会`],
            [`${S}政协经济`, `中国人民政治协商会议${P}委员会经济委员会`],
            [`${S}政协社法委`, `中国人民政治协商会议${P}委员会社会和法制委员会`],
          ],
          code,
          S,
        );
      case 'discipline':
        return one(
          [
            [`清风${S}`, `中共${P}纪律检查委员会`],
            [`${S}纪检监察`, `${P}${p.municipality ? '监察局' : '监察厅'}`],
            [`${S}廉政`, `中共${P}纪律检查委员会宣传部`],
            [`${S}纠风`, `${P}纠正行业不正之风办公室`],
            [`${S}纪委信访`, `中共${P}纪律检查委员会信访室`],
            [`${S}效能监察`, `${P}${p.municipality ? '监察局' : '监察厅'}效能监察室`],
            [`${S}预防腐败`, `${P}预防腐败局`],
          ],
          code,
          S,
        );
      case 'court':
        return one(
          [
            [`${S}高院`, `${P}高级人民法院`],
            [`${S}高院执行局`, `${P}高级人民法院执行局`],
            [`${S}法院网`, `${P}高级人民法院新闻办公室`],
            [`${S}高院立案`, `${P}高级人民法院立案庭`],
            [`${S}高院民一庭`, `${P}高级人民法院民事审判第一庭`],
            [`${S}高院刑一庭`, `${P}高级人民法院刑事审判第一庭`],
            [`${S}高院行政庭`, `${P}高级人民法院行政审判庭`],
            [`${S}高院知产庭`, `${P}高级人民法院知识产权审判庭`],
            [`${S}高院少年庭`, `${P}高级人民法院少年审判庭`],
          ],
          code,
          S,
        );
      case 'procuratorate':
        return one(
          [
            [`${S}检察`, `${P}人民检察院`],
            [`${S}反贪`, `${P}人民检察院反贪污贿赂局`],
            [`${S}检察控申`, `${P}人民检察院控告申诉检察处`],
            [`${S}检察公诉`, `${P}人民检察院公诉处`],
            [`${S}反渎`, `${P}人民检察院反渎职侵权局`],
            [`${S}侦查监督`, `${P}人民检察院侦查监督处`],
            [`${S}未检`, `${P}人民检察院未成年人刑事检察处`],
            [`${S}检察新闻`, `${P}人民检察院新闻办公室`],
          ],
          code,
          S,
        );
      case 'public_institution':
        return one(
          [
            [`${S}气象`, `${P}气象局`],
            [`${S}疾控`, `${P}疾病预防控制中心`],
            [`${S}地震`, `${P}地震局`],
            // Beijing's municipal library is the Capital Library.
            [`${S}图书馆`, p.code.startsWith('11') ? '首都图书馆' : `${P}图书馆`],
            [`${S}气象台`, `${P}气象台`],
            [`${S}血液中心`, `${P}血液中心`],
            [`${S}博物馆`, `${P}博物馆`],
          ],
          code,
          S,
        );
      case 'mass_organization':
        return one(
          [
            [`共青团${P}委员会`, `共青团${P}委员会`],
            [`${S}妇联`, `${P}妇女联合会`],
            [`${S}总工会`, `${P}总工会`],
            [`${S}残联`, `${P}残疾人联合会`],
            [`${S}科协`, `${P}科学技术协会`],
            [`${S}文联`, `${P}文学艺术界联合会`],
            [`${S}红十字会`, `${P}红十字会`],
            [`${S}侨联`, `${P}归国华侨联合会`],
            [`${S}青联`, `${P}青年联合会`],
            [`${S}学联`, `${P}学生联合会`],
          ],
          code,
          S,
        );
      default: {
        if (rng() < 0.2) return made(`${S}发布`, `${P}人民政府新闻办公室`, code, S);
        if (rng() < 0.12) {
          const v = pick(rng, PROVINCIAL_VERTICAL);
          return made(`${P}${v}`, `${P}${v}`, code, P);
        }
        const dept = pick(rng, provincialDepts(p));
        return made(`${P}${dept}`, `${P}${dept}`, code, P);
      }
    }
  }

  if (level === 'prefectural') {
    const s = prefectureSeat(rng, p);
    const C = cityOf(s);
    const CS = cityShort(s);
    if (police) {
      if (rng() < 0.3) {
        // A city's bureau has more corps than the headline ones; and its districts' expressway and traffic detachments.
        return one(
          [
            [`${CS}刑警`, `${C}公安局刑事警察支队`],
            [`${CS}经侦`, `${C}公安局经济犯罪侦查支队`],
            [`${CS}禁毒`, `${C}公安局禁毒支队`],
            [`${CS}特警`, `${C}公安局特警支队`],
            [`${CS}出入境`, `${C}公安局出入境管理处`],
            [`${CS}治安`, `${C}公安局治安警察支队`],
            [`${CS}警方`, `${C}公安局宣传处`],
            [`${CS}户政`, `${C}公安局户政管理处`],
            [`${CS}110`, `${C}公安局指挥中心`],
            [`${CS}公交分局`, `${C}公安局公共交通分局`],
          ],
          s.code,
          CS,
        );
      }
      return one(
        [
          [`平安${CS}`, `${C}公安局`],
          [`${CS}交警`, `${C}公安局交通警察支队`],
          [`${CS}网警`, `${C}公安局网络警察支队`],
          [`${CS}消防`, `${C}公安消防支队`],
          [`${CS}巡警`, `${C}公安局巡警支队`],
        ],
        s.code,
        CS,
      );
    }
    switch (organ) {
      case 'party':
        return one(
          [
            [`${CS}组工`, `中共${C}委员会组织部`],
            [`${CS}长安网`, `中共${C}委员会政法委员会`],
            [`${C}委宣传部`, `中共${C}委员会宣传部`],
            [`${CS}统战`, `中共${C}委员会统一战线工作部`],
            [`${CS}编办`, `${C}机构编制委员会办公室`],
            [`${CS}党校`, `中共${C}委员会党校`],
            [`${CS}文明网`, `${C}精神文明建设委员会办公室`],
            [`${CS}老干部`, `中共${C}委员会老干部局`],
          ],
          s.code,
          CS,
        );
      case 'legislature':
        return one(
          [
            [`${CS}人大`, `${C}人民代表大会常务委员会`],
            [`${CS}人大代表`, `${C}人民代表大会常务委员会代表工作委员会`],
          ],
          s.code,
          CS,
        );
      case 'political_advisory':
        return one(
          [
            [`${CS}政协`, `中国人民政治协商会议${C}委员会`],
            [`${CS}政协提案`, `中国人民政治协商会议${C}委员会提案委员会`],
          ],
          s.code,
          CS,
        );
      case 'discipline':
        return one(
          [
            [`清风${CS}`, `中共${C}纪律检查委员会`],
            [`廉洁${CS}`, `${C}监察局`],
          ],
          s.code,
          CS,
        );
      case 'court':
        return one(
          [
            [`${CS}中院`, `${C}中级人民法院`],
            [`${CS}中院执行局`, `${C}中级人民法院执行局`],
          ],
          s.code,
          CS,
        );
      case 'procuratorate':
        return one(
          [
            [`${CS}检察`, `${C}人民检察院`],
            [`${CS}反贪`, `${C}人民检察院反贪污贿赂局`],
          ],
          s.code,
          CS,
        );
      case 'public_institution':
        return one(
          [
            [`${CS}气象`, `${C}气象局`],
            [`${CS}疾控`, `${C}疾病预防控制中心`],
            [`${CS}图书馆`, `${C}图书馆`],
            [`${CS}地震`, `${C}地震局`],
          ],
          s.code,
          CS,
        );
      case 'mass_organization':
        return one(
          [
            [`共青团${C}委`, `共青团${C}委员会`],
            [`${CS}妇联`, `${C}妇女联合会`],
            [`${CS}总工会`, `${C}总工会`],
            [`${CS}残联`, `${C}残疾人联合会`],
            [`${CS}科协`, `${C}科学技术协会`],
          ],
          s.code,
          CS,
        );
      default: {
        if (rng() < 0.3) return made(`${CS}发布`, `${C}人民政府新闻办公室`, s.code, CS);
        const dept = pick(rng, CITY_DEPTS);
        return made(`${C}${dept}`, `${C}${dept}`, s.code, C);
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
      // A county's bureau (or a district's branch) and its brigades: each an organ of its own with its own account.
      return one(
        [
          district ? [`${cityShort(s)}公安${XS}分局`, unit] : [`平安${XS}`, unit],
          [`${XS}交警`, `${unit}交通警察大队`],
          [`${XS}刑警`, `${unit}刑事侦查大队`],
          [`${XS}治安`, `${unit}治安管理大队`],
          [`${XS}巡特警`, `${unit}巡逻特警大队`],
          [`${XS}网警`, `${unit}网络安全保卫大队`],
          [`${XS}消防`, `${C}公安消防支队${X}大队`],
          [`${XS}禁毒`, `${unit}禁毒大队`],
          [`${XS}经侦`, `${unit}经济犯罪侦查大队`],
          [`${XS}110`, `${unit}指挥中心`],
          [`${XS}户政`, `${unit}户政管理大队`],
          [`${XS}看守所`, `${unit}看守所`],
        ],
        s.code,
        XS,
      );
    }
    switch (organ) {
      case 'party':
        return one(
          [
            [`${XS}宣传`, `中共${where}委员会宣传部`],
            [`${XS}组工`, `中共${where}委员会组织部`],
            [`${XS}长安网`, `中共${where}委员会政法委员会`],
            [`${XS}统战`, `中共${where}委员会统一战线工作部`],
            [`${XS}党校`, `中共${where}委员会党校`],
            [`${XS}文明办`, `${where}精神文明建设委员会办公室`],
          ],
          s.code,
          XS,
        );
      case 'legislature':
        return made(`${XS}人大`, `${where}人民代表大会常务委员会`, s.code, XS);
      case 'political_advisory':
        return made(`${XS}政协`, `中国人民政治协商会议${where}委员会`, s.code, XS);
      case 'discipline':
        return one(
          [
            [`廉洁${XS}`, `中共${where}纪律检查委员会`],
            [`${XS}监察`, `${where}监察局`],
          ],
          s.code,
          XS,
        );
      case 'court':
        return one(
          [
            [`${X}人民法院`, `${where}人民法院`],
            [`${X}法院执行局`, `${where}人民法院执行局`],
          ],
          s.code,
          X,
        );
      case 'procuratorate':
        return one(
          [
            [`${X}检察院`, `${where}人民检察院`],
            [`${X}反贪局`, `${where}人民检察院反贪污贿赂局`],
          ],
          s.code,
          X,
        );
      case 'public_institution':
        return one(
          [
            [`${X}气象局`, `${where}气象局`],
            [`${X}疾控中心`, `${where}疾病预防控制中心`],
            [`${X}图书馆`, `${where}图书馆`],
          ],
          s.code,
          X,
        );
      case 'mass_organization':
        return one(
          [
            [`共青团${X}委`, `共青团${where}委员会`],
            [`${X}妇联`, `${where}妇女联合会`],
            [`${X}总工会`, `${where}总工会`],
            [`${X}残联`, `${where}残疾人联合会`],
          ],
          s.code,
          X,
        );
      default: {
        if (rng() < 0.2) return made(`${XS}发布`, `${where}人民政府新闻办公室`, s.code, XS);
        const dept = pick(rng, CITY_DEPTS);
        return made(`${X}${dept}`, `${where}${dept}`, s.code, X);
      }
    }
  }

  // Township: police stations, people's tribunals, and the township's own Party committee and government.
  const s = countySeat(rng, p, true);
  const C = cityOf(s);
  const X = (s.county as County).name;
  const T = s.town ?? `${(s.county as County).short}镇`;
  const stem = townStem(T);
  if (police) {
    // Beside the township's station: its traffic squad and the border or water police where a county has them.
    const unit = countyPolice(C, s.county as County);
    const r = rng();
    if (r < 0.8) return made(`${stem}派出所`, station(C, s.county as County, T), s.code, stem);
    if (r < 0.93) return made(`${stem}交警中队`, `${unit}交通警察大队${stem}中队`, s.code, stem);
    return made(`${stem}警务室`, `${station(C, s.county as County, T)}社区警务室`, s.code, stem);
  }
  switch (organ) {
    case 'court':
      return made(`${stem}人民法庭`, `${C}${X}人民法院${stem}人民法庭`, s.code, stem);
    case 'party':
      return made(`${stem}党委`, `中共${C}${X}${T}委员会`, s.code, stem);
    case 'legislature':
      return made(`${stem}人大`, `${C}${X}${T}人民代表大会主席团`, s.code, stem);
    case 'discipline':
      return made(`${stem}纪委`, `中共${C}${X}${T}纪律检查委员会`, s.code, stem);
    default: {
      // Beside the township's own account, its service centre and the county's offices in it (司法所, 财政所).
      if (rng() < 0.2) {
        const [full, short] = pick(rng, [['便民服务中心', '便民服务中心'], ['社会管理综合治理办公室', '综治办'], ['计划生育服务站', '计生站'], ['司法所', '司法所'], ['财政所', '财政所'], ['劳动保障所', '劳保所']] as const);
        return made(`${stem}${short}`, `${C}${X}${T}${full}`, s.code, stem);
      }
      return T.endsWith('街道') ? made(`${stem}街道`, `${C}${X}${T}办事处`, s.code, stem) : made(`${T}政府`, `${C}${X}${T}人民政府`, s.code, T);
    }
  }
}

type Unit = readonly [full: string, short: string];
const COURT_UNITS: Unit[] = [['立案庭', '立案'], ['民事审判第一庭', '民一庭'], ['民事审判第二庭', '民二庭'], ['刑事审判第一庭', '刑一庭'], ['行政审判庭', '行政庭'], ['执行局', '执行局'], ['审判监督庭', '审监庭'], ['少年审判庭', '少年庭'], ['新闻办公室', '新闻办'], ['研究室', '研究室']];
const PROCURATORATE_UNITS: Unit[] = [['反贪污贿赂局', '反贪'], ['反渎职侵权局', '反渎'], ['公诉', '公诉'], ['侦查监督', '侦监'], ['控告申诉检察', '控申'], ['未成年人刑事检察', '未检'], ['民事行政检察', '民行'], ['职务犯罪预防', '预防'], ['监所检察', '监所']];
const POLICE_UNITS: Unit[] = [['法制', '法制'], ['警务督察', '督察'], ['监所管理', '监管'], ['反恐怖', '反恐'], ['食品药品犯罪侦查', '食药侦'], ['技术侦察', '技侦'], ['科技信息化', '科信'], ['机动训练', '训练'], ['水上治安', '水警'], ['文化保卫', '文保'], ['警犬技术', '警犬']];
const GOVERNMENT_UNITS: Unit[] = [['新闻办公室', '新闻办'], ['信访办公室', '信访'], ['政务公开办公室', '政务公开']];
const PARTY_UNITS: Unit[] = [['组织部', '组工'], ['宣传部', '宣传'], ['统一战线工作部', '统战'], ['政法委员会', '政法'], ['政策研究室', '政研室'], ['老干部局', '老干部'], ['党史研究室', '党史'], ['农村工作办公室', '农工办'], ['督查室', '督查'], ['党校', '党校'], ['台湾工作办公室', '台办'], ['对外宣传办公室', '外宣办'], ['直属机关工作委员会', '机关工委'], ['巡视工作办公室', '巡视办'], ['机要局', '机要局'], ['保密委员会办公室', '保密办'], ['维护稳定工作领导小组办公室', '维稳办'], ['讲师团', '讲师团'], ['网络宣传管理办公室', '网宣办']];
const LEGISLATURE_UNITS: Unit[] = [['办公室', '人大办'], ['法制工作委员会', '人大法工委'], ['代表工作委员会', '人大代表工委'], ['财政经济工作委员会', '人大财经委'], ['教育科学文化卫生工作委员会', '人大教科文卫委'], ['农业与农村工作委员会', '人大农委'], ['城乡建设环境保护工作委员会', '人大城环委'], ['内务司法工作委员会', '人大内司委'], ['信访室', '人大信访']];
const ADVISORY_UNITS: Unit[] = [['办公室', '政协办'], ['提案委员会', '政协提案'], ['文史资料委员会', '政协文史'], ['经济委员会', '政协经济'], ['社会和法制委员会', '政协社法'], ['港澳台侨委员会', '政协港澳台侨'], ['人口资源环境委员会', '政协人资环'], ['学习宣传委员会', '政协学宣'], ['教科文卫体委员会', '政协教科文卫']];
const DISCIPLINE_UNITS: Unit[] = [['信访室', '纪委信访'], ['宣传部', '纪委宣传'], ['案件审理室', '纪委案审'], ['党风廉政建设室', '党风廉政'], ['预防腐败室', '预防腐败'], ['纠风办公室', '纠风'], ['效能监察室', '效能监察'], ['第一纪检监察室', '纪委一室'], ['第二纪检监察室', '纪委二室'], ['第三纪检监察室', '纪委三室'], ['研究室', '纪委研究室']];
const INSTITUTIONS: Unit[] = [['人民医院', '人民医院'], ['中医院', '中医院'], ['急救中心', '120'], ['科技馆', '科技馆'], ['博物馆', '博物馆'], ['档案馆', '档案馆'], ['广播电视台', '广播电视台'], ['环境监测中心站', '环境监测'], ['水文局', '水文'], ['图书馆', '图书馆'], ['疾病预防控制中心', '疾控'], ['气象台', '气象台'], ['妇幼保健院', '妇幼保健'], ['文化馆', '文化馆'], ['人才交流中心', '人才'], ['公共就业服务中心', '就业'], ['地震局', '地震'], ['气象局', '气象']];
const MASS_UNITS: Unit[] = [['妇女联合会', '妇联'], ['总工会', '总工会'], ['残疾人联合会', '残联'], ['科学技术协会', '科协'], ['文学艺术界联合会', '文联'], ['红十字会', '红十字会'], ['归国华侨联合会', '侨联'], ['工商业联合会', '工商联'], ['社会科学界联合会', '社科联'], ['青年联合会', '青联'], ['作家协会', '作协']];

/**
 * An organ's internal unit with an account of its own (a court's 执行局, a
 * people's congress's 法制工作委员会, a city's hospital): where a province's
 * seats have all their headline organs on a provider already, another
 * organ of the same kind and level is one of these. National and township
 * organs have their own lists (makeInstitution).
 */
export function makeUnit(rng: Rng, organ: OrganKind, police: boolean, level: Level, p: ProvincePlaces): Made {
  if (level === 'national' || level === 'township') return makeInstitution(rng, organ, police, level, p);
  let R: string; // the region as organs name it: 山东省, 济南市, 济南市历城区
  let N: string; // as accounts name it: 山东, 济南, 历城区
  let X: string; // the county's own short name, for its police
  let code: string;
  let policeOrgan: string;
  if (level === 'provincial') {
    R = p.name;
    N = p.short;
    X = p.short;
    code = `${p.code.slice(0, 2)}0000`;
    policeOrgan = p.municipality ? `${R}公安局` : `${R}公安厅`;
  } else if (level === 'prefectural') {
    const s = prefectureSeat(rng, p);
    R = cityOf(s);
    N = cityShort(s);
    X = N;
    code = s.code;
    policeOrgan = `${R}公安局`;
  } else {
    const s = countySeat(rng, p);
    const county = s.county as County;
    R = `${cityOf(s)}${county.name}`;
    N = county.name;
    X = county.short;
    code = s.code;
    policeOrgan = countyPolice(cityOf(s), county);
  }
  const made = (name: string, organName: string, place: string): Made => ({ name, verification: `${organName}官方微博`, organName, position: null, regionCode: code, level, organ, place });
  if (police) {
    const [full, short] = pick(rng, POLICE_UNITS);
    const corps = level === 'provincial' ? '总队' : level === 'prefectural' ? '支队' : '大队';
    return made(`${X}公安${short}`, `${policeOrgan}${full}${corps}`, X);
  }
  const office = level === 'county' ? '科' : '处';
  switch (organ) {
    case 'court': {
      const court = level === 'provincial' ? `${R}高级人民法院` : level === 'prefectural' ? `${R}中级人民法院` : `${R}人民法院`;
      const [full, short] = pick(rng, COURT_UNITS);
      return made(`${level === 'provincial' ? `${N}高院` : level === 'prefectural' ? `${N}中院` : `${N}法院`}${short}`, `${court}${full}`, N);
    }
    case 'procuratorate': {
      const [full, short] = pick(rng, PROCURATORATE_UNITS);
      return made(`${N}检察${short}`, `${R}人民检察院${full}${full.endsWith('局') ? '' : office}`, N);
    }
    case 'party': {
      const [full, short] = pick(rng, PARTY_UNITS);
      return made(`${N}${short}`, `中共${R}委员会${full}`, N);
    }
    case 'legislature': {
      const [full, short] = pick(rng, LEGISLATURE_UNITS);
      return made(`${N}${short}`, `${R}人民代表大会常务委员会${full}`, N);
    }
    case 'political_advisory': {
      const [full, short] = pick(rng, ADVISORY_UNITS);
      return made(`${N}${short}`, `中国人民政治协商会议${R}委员会${full}`, N);
    }
    case 'discipline': {
      const [full, short] = pick(rng, DISCIPLINE_UNITS);
      return made(`${N}${short}`, `中共${R}纪律检查委员会${full}`, N);
    }
    case 'public_institution': {
      const [full, short] = pick(rng, INSTITUTIONS);
      return made(`${N}${short}`, `${R}${full}`, N);
    }
    case 'mass_organization': {
      const [full, short] = pick(rng, MASS_UNITS);
      return made(`${N}${short}`, `${R}${full}`, N);
    }
    default: {
      const dept = pick(rng, level === 'provincial' ? provincialDepts(p) : CITY_DEPTS);
      const [full, short] = pick(rng, GOVERNMENT_UNITS);
      return made(`${R.startsWith(N) ? R : N}${dept}${short}`, `${R}${dept}${full}`, R.startsWith(N) ? R : N);
    }
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
const GIVEN = ['国华', '玉梅', '志刚', '文军', '海涛', '红梅', '建军', '丽华', '小平', '新民', '晓峰', '金龙', '春梅', '光明', '利民', '长江', '永红', '少华', '家林', '海波', '爱华', '国庆', '振宇', '宏伟', '淑珍', '兴华', '学军', '俊峰', '云飞', '德华', '建国', '志强', '海燕', '晓明', '丽', '军', '伟', '敏', '静', '磊', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '平', '刚', '桂英', '文', '辉', '鹏', '红', '春生', '宁', '斌', '建华', '玉兰', '立新', '卫东', '晓东', '国强', '振华', '德明', '永刚', '雪梅'];

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

/** The deputy head of a department: 副厅长 of a 厅, 副局长 of a 局, 副主任 of a 委员会 or an office. */
function deputyOf(dept: string): string {
  if (dept.endsWith('厅')) return '副厅长';
  if (dept.endsWith('局')) return '副局长';
  return '副主任';
}

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
    place: null,
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
        const dept = pick(rng, provincialDepts(p));
        return make(`${P}${dept}`, deputyOf(dept), 'provincial', 'government', provCode);
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
        if (p.municipality && rng() < 0.5) {
          // A municipality's districts have branches of its bureau, headed at division rank.
          const s = countySeat(rng, p);
          return make(countyPolice(P, s.county as County), pick(rng, ['局长', '政委', '副局长']), 'county', 'government', s.code);
        }
        const corps = pick(rng, ['刑事侦查总队', '治安管理总队', '交通警察总队', '经济犯罪侦查总队', '禁毒总队', '特警总队', '网络安全保卫总队', '出入境管理总队']);
        return make(policeOrgan, `${corps}${pick(rng, ['总队长', '政委', '副总队长'])}`, 'provincial', 'government', provCode);
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
      return make(`${C}${X}${dept}`, deputyOf(dept), 'county', 'government', s.code);
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
