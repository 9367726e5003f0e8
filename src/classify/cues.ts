/**
 * Words that tell what an account is: organ kinds, the police system, the
 * units a post belongs to, posts, and the marks of what is not government
 * (companies, media, schools, hospitals, public figures). One trie over all
 * of them, scanned leftmost-longest, so that 人民银行 beats 银行, 检察官
 * beats 检察 and 卫生局 beats 卫生院.
 */
import type { Level, OrganKind } from '../domain/taxonomy.js';
import { CharTrie } from './trie.js';

/** The band category of a post (rows of the rank table, CONTRACT §3). */
export type PostCategory =
  /** head of a region or of one of its leading bodies, or a standing committee member */
  | 'A'
  /** head of a department, bureau or mass organization (厅长, 局长, 部长, 主任) */
  | 'B'
  /** head of a division or section inside a department (处长, 科长, 所长, 庭长) */
  | 'C'
  /** no leading post (民警, 法官, 科员) */
  | 'staff'
  /** depends on the unit it follows (书记, 主任, 主席, 院长, 局长, 部长) */
  | 'ctx';

/** What a post attaches to. */
export type UnitKind =
  /** the leading bodies of a region: Party committee, government, congress, CPPCC, discipline commission, court, procuratorate */
  | 'region'
  /** a department, bureau, office or mass organization */
  | 'dept'
  /** a unit inside a department: 派出所, 支队, 科 */
  | 'sub';

export type NegKind = 'company' | 'media' | 'school' | 'hospital' | 'person' | 'other';

export interface Cue {
  /** Evidence of a government organ: 2 strong, 1 weak. */
  gov?: 1 | 2;
  organ?: OrganKind;
  /** Asserts the organ only when nothing stronger does (中共, 党委, 党组). */
  weakOrgan?: boolean;
  ps?: boolean;
  neg?: NegKind;
  /** The level this organ has whatever the place (派出所: township, 高院: provincial). */
  level?: Level;
  /** A national organ when no place is named (中国, 国家, 国务院, ministries). */
  national?: boolean;
  /** A ministry-level organ of the State Council or the Party centre. */
  ministry?: boolean;
  unit?: UnitKind;
  /** 中共, 共青团, 政协: who owns a following bare 市委 / 县委员会. */
  owner?: OrganKind;
  /** 市委, 县委员会: a region committee whose organ comes from its owner. */
  committee?: boolean;
  post?: PostCategory;
  /** 官方微博: the account speaks for an organ. */
  institutional?: boolean;
  /** 分局: a branch one level below its parent, not below county. */
  branch?: boolean;
}

type Spec = [words: string, cue: Cue];

// Space-separated word lists; each list shares one cue.
const SPECS: Spec[] = [
  // --- Party committees and their departments
  ['中共 中国共产党', { gov: 2, organ: 'party', weakOrgan: true, owner: 'party' }],
  ['中共中央 党中央', { gov: 2, organ: 'party', national: true, ministry: true, unit: 'region' }],
  ['省委 市委 县委 区委 州委 旗委 盟委 地委 工委 党工委', { gov: 2, organ: 'party', committee: true, unit: 'region' }],
  ['省委员会 市委员会 县委员会 区委员会 州委员会 旗委员会 全国委员会 中央委员会', { committee: true, unit: 'region' }],
  // A bare 委员会 after a subject (教育委员会) is a department of the government.
  ['委员会', { committee: true, unit: 'dept' }],
  ['镇委 乡委 镇党委 乡党委 街道党工委 街道工委', { gov: 2, organ: 'party', committee: true, unit: 'region', level: 'township' }],
  ['党委 党组 党总支 党支部', { gov: 1, organ: 'party', weakOrgan: true }],
  [
    '宣传部 组织部 统战部 统一战线工作部 政法委 政法委员会 政研室 党史研究室 党史办 编办 编委办 机构编制委员会 ' +
      '老干部局 机关工委 文明办 精神文明 外宣办 网信办 网络信息办公室 互联网信息办公室 党校 党建 长安网 610办公室 综治办 维稳办',
    { gov: 2, organ: 'party', unit: 'dept' },
  ],
  ['中宣部 中组部 中联部 中央组织部 中央宣传部 中央统战部 中央政法委 中央文明办 中央网信办 中央编办 中央党校', { gov: 2, organ: 'party', national: true, ministry: true, unit: 'dept' }],

  // --- People's congresses and the CPPCC
  ['人大 人大常委会 人民代表大会 人大常务委员会', { gov: 2, organ: 'legislature', unit: 'region' }],
  ['全国人大 全国人大常委会', { gov: 2, organ: 'legislature', national: true, ministry: true, unit: 'region' }],
  ['政协 政治协商会议', { gov: 2, organ: 'political_advisory', owner: 'political_advisory', unit: 'region' }],
  ['全国政协', { gov: 2, organ: 'political_advisory', national: true, ministry: true, unit: 'region' }],

  // --- Discipline inspection
  ['纪委 纪律检查委员会 纪工委 纪委监察局 纪委监委 监察委 监委 监察委员会', { gov: 2, organ: 'discipline', unit: 'region' }],
  ['纪检 纪检组 纪检监察 监察局 监察室 反腐 廉政', { gov: 2, organ: 'discipline', unit: 'dept' }],
  ['中纪委 中央纪委 国家监委 监察部', { gov: 2, organ: 'discipline', national: true, ministry: true, unit: 'region' }],

  // --- Courts and procuratorates
  ['法院 人民法院', { gov: 2, organ: 'court', unit: 'region' }],
  ['高院 高级人民法院 高级法院', { gov: 2, organ: 'court', unit: 'region', level: 'provincial' }],
  ['中院 中级人民法院 中级法院', { gov: 2, organ: 'court', unit: 'region', level: 'prefectural' }],
  ['最高法 最高人民法院 最高法院', { gov: 2, organ: 'court', unit: 'region', level: 'national', national: true, ministry: true }],
  ['人民法庭 法庭', { gov: 2, organ: 'court', unit: 'sub', level: 'township' }],
  ['执行局 审判庭 立案庭', { gov: 2, organ: 'court', unit: 'sub' }],
  ['法官 审判员 书记员 执行员 法警', { gov: 2, organ: 'court', post: 'staff' }],
  ['检察 检察院 人民检察院', { gov: 2, organ: 'procuratorate', unit: 'region' }],
  ['检察分院', { gov: 2, organ: 'procuratorate', unit: 'region', level: 'prefectural' }],
  ['最高检 最高人民检察院', { gov: 2, organ: 'procuratorate', unit: 'region', level: 'national', national: true, ministry: true }],
  ['分院 第一分院 第二分院 第三分院', { unit: 'region', level: 'prefectural' }],
  ['检察室', { gov: 2, organ: 'procuratorate', unit: 'sub', level: 'township' }],
  ['反贪局 反渎局 公诉处 公诉科', { gov: 2, organ: 'procuratorate', unit: 'dept' }],
  ['检察官', { gov: 2, organ: 'procuratorate', post: 'staff' }],

  // --- Governments
  ['人民政府 政府 省政府 市政府 县政府 区政府 州政府 旗政府 行署 行政公署 管委会 管理委员会', { gov: 2, organ: 'government', unit: 'region' }],
  ['镇政府 乡政府 镇人民政府 乡人民政府 街道办事处 街道办 苏木', { gov: 2, organ: 'government', unit: 'region', level: 'township' }],
  ['街道', { gov: 1, organ: 'government', unit: 'region', level: 'township' }],
  ['国务院 中央政府 中国政府', { gov: 2, organ: 'government', national: true, ministry: true, unit: 'region' }],
  ['政府网 政务 政府办 政府办公室 驻京办 12345 市民热线 市长热线 市长信箱 医保局 医疗保障局 退役军人事务局 广播电视局 广播电影电视局 文化广播电视局 民用航空局 国务院新闻办公室 发言人办公室 政务服务中心 行政服务中心 市民服务中心 便民服务中心', { gov: 2, organ: 'government', unit: 'dept' }],

  // --- The police system
  ['公安 公安局 公安厅 警方 警察 警务 交警 交通警察 交巡警 交管 交通管理局 车管所 巡警 特警 刑警 网警 网络警察 网安 ' +
     '消防 消防局 边防 边检 禁毒 看守所 拘留所 治安 刑侦 经侦 出入境管理 户政 反恐 巡特警 铁警 警民 110', { gov: 2, organ: 'government', ps: true, unit: 'dept' }],
  ['派出所 警务室 警务站 边防派出所', { gov: 2, organ: 'government', ps: true, unit: 'sub', level: 'township' }],
  ['支队 大队 中队 总队 刑侦支队 交警支队 交警大队', { unit: 'sub' }],
  ['分局', { gov: 2, unit: 'dept', branch: true }],
  ['公安部 国家移民管理局', { gov: 2, organ: 'government', ps: true, national: true, ministry: true, unit: 'dept' }],
  ['民警 警官 辅警 协警 警员 片警 社区民警 交警队员 消防员 消防战士 消防官兵', { gov: 2, organ: 'government', ps: true, post: 'staff' }],

  // --- Departments of government
  [
    '司法局 司法厅 监狱 劳教所 戒毒所 民政局 民政厅 财政局 财政厅 税务局 国税局 地税局 国家税务局 地方税务局 税务 国税 地税 ' +
      '工商局 工商 工商行政管理局 市场监管 市场监督管理局 质监局 质监 质量技术监督局 食药监 食品药品监督管理局 药监局 ' +
      '安监局 安全生产监督管理局 应急管理局 应急办 环保局 环境保护局 环保厅 环境保护厅 生态环境局 卫生局 卫生厅 卫计委 ' +
      '卫生和计划生育委员会 卫健委 卫生健康委员会 计生委 计生局 人口计生 教育局 教育厅 教委 文化局 文广新局 文广局 ' +
      '文化厅 广电局 新闻出版局 体育局 旅游局 旅游委 旅发委 商务局 商务厅 发改委 发展和改革委员会 发展改革委 经信委 ' +
      '经信局 工信局 科技局 科技厅 科委 国土局 国土资源局 国土资源厅 国土 规划局 规划委 住建局 住建委 住房和城乡建设局 ' +
      '住房和城乡建设厅 建设局 建委 房管局 房产管理局 城管 城管局 城市管理 综合执法 行政执法局 执法局 交通局 交通运输局 ' +
      '交通运输厅 交通委 运管 运管处 公路局 海事局 港航局 水利局 水利厅 水务局 林业局 林业厅 农业局 农业厅 农委 农牧局 ' +
      '畜牧局 渔业局 粮食局 审计局 审计厅 统计局 物价局 人社局 人社厅 人力资源和社会保障局 人力资源和社会保障厅 社保局 ' +
      '劳动局 民宗局 民族宗教事务局 宗教局 民委 外事办 外侨办 侨办 台办 法制办 信访局 信访办 档案局 地方志 机关事务管理局 ' +
      '国资委 金融办 海关 检验检疫局 出入境检验检疫局 人防办 民防局 扶贫办 移民局 知识产权局 烟草专卖局 盐务局 ' +
      '招商局 投资促进局 口岸办 防汛办 农机局 供销社 机关事务局 编制办 政府采购 公共资源交易中心 国库 工信委 民航局 ' +
      '邮政管理局 新闻出版 版权局 文物局 旅游发展委员会 城乡规划局 市政管理委员会 市容 园林局 环卫',
    { gov: 2, organ: 'government', unit: 'dept' },
  ],
  ['司法所 工商所 税务所 财政所 国土所 国土资源所 规划所 城管中队 食药监所 市场监管所', { gov: 2, organ: 'government', unit: 'sub', level: 'township' }],
  [
    '外交部 国防部 国家发改委 教育部 科技部 工信部 工业和信息化部 国家民委 国家安全部 民政部 司法部 财政部 人社部 ' +
      '人力资源和社会保障部 国土资源部 自然资源部 环境保护部 环保部 生态环境部 住建部 住房和城乡建设部 交通运输部 铁道部 ' +
      '水利部 农业部 农业农村部 商务部 文化部 文化和旅游部 卫生部 国家卫生计生委 国家卫健委 应急管理部 退役军人事务部 ' +
      '审计署 海关总署 国家税务总局 工商总局 国家工商总局 质检总局 国家质检总局 广电总局 新闻出版总署 体育总局 ' +
      '国家体育总局 安监总局 食药监总局 国家统计局 国家林业局 国家旅游局 国家知识产权局 国家宗教局 国务院参事室 国管局 ' +
      '国务院新闻办 国新办 国台办 国务院台办 港澳办 国务院侨办 国务院法制办 国家信访局 国家粮食局 国家能源局 国家外专局 ' +
      '国家公务员局 国家海洋局 国家测绘局 中国民航局 国家邮政局 国家文物局 国家中医药管理局 国家外汇管理局 国家档案局 ' +
      '国务院扶贫办 国务院国资委 市场监管总局 国家医保局 国家烟草专卖局 国家药监局 国家网信办 国家版权局',
    { gov: 2, organ: 'government', national: true, ministry: true, unit: 'dept' },
  ],
  ['中国人民银行 人民银行 央行', { gov: 2, organ: 'government', unit: 'dept' }],

  // --- Government-sponsored institutions
  [
    '气象 气象局 气象台 地震局 地震台 地震台网 疾控 疾控中心 疾病预防控制中心 卫生监督所 卫生监督局 公积金 住房公积金 社保中心 社会保险事业局 ' +
      '档案馆 科学院 社科院 社会科学院 银监局 银监分局 银监会 证监局 证监会 保监局 保监会 水文局 环境监测 救助站 ' +
      '银行业监督管理委员会 证券监督管理委员会 保险监督管理委员会 医疗保险 医保 博物馆 地方志办 血站 供水办',
    { gov: 2, organ: 'public_institution', unit: 'dept' },
  ],
  ['新闻办 新闻办公室 信息办 信息中心', { gov: 2, organ: 'government', weakOrgan: true, unit: 'dept' }],
  ['办公厅 办公室 办事处', { gov: 1, unit: 'dept' }],
  ['天气', { gov: 1, organ: 'public_institution', unit: 'dept' }],
  ['中国气象局 中国地震局 中国科学院 中科院 中国社会科学院 中国工程院 国家自然科学基金委 国务院发展研究中心', { gov: 2, organ: 'public_institution', national: true, ministry: true, unit: 'dept' }],

  // --- Mass organizations
  ['共青团 青年团', { gov: 2, organ: 'mass_organization', owner: 'mass_organization', unit: 'dept' }],
  [
    '团委 团市委 团省委 团县委 团区委 团工委 青联 青年联合会 少工委 妇联 妇女联合会 工会 总工会 残联 残疾人联合会 科协 ' +
      '科学技术协会 文联 文学艺术界联合会 侨联 归国华侨联合会 工商联 工商业联合会 红十字会',
    { gov: 2, organ: 'mass_organization', unit: 'dept' },
  ],
  ['团中央 全国妇联 全国总工会 中国科协 中国残联 中国文联 中国侨联 全国工商联 中国红十字会 全国青联', { gov: 2, organ: 'mass_organization', national: true, ministry: true, unit: 'dept' }],

  // --- National markers (a national organ when no place is named)
  ['中国 中华人民共和国 国家 全国 中央', { national: true }],

  // --- Posts
  ['省长 市长 县长 区长 州长 旗长 盟长 专员 自治区主席 自治区副主席', { gov: 2, organ: 'government', post: 'A' }],
  ['镇长 乡长 苏木达', { gov: 2, organ: 'government', post: 'A', level: 'township' }],
  ['常委', { gov: 2, organ: 'party', post: 'A' }],
  ['检察长', { gov: 2, organ: 'procuratorate', post: 'A' }],
  ['书记 主任 主席 院长 局长 部长 署长', { post: 'ctx' }],
  ['厅长 司长 政委 秘书长 关长', { post: 'B' }],
  ['处长 科长 所长 庭长 股长 队长 大队长 中队长 支队长 总队长 教导员 指导员 站长 主任科员', { post: 'C' }],
  ['科员 干部 干事 公务员 工作人员 办事员 执法队员 城管队员 发言人 新闻发言人 调研员 巡视员 协理员 秘书 网格员', { post: 'staff' }],
  // A standing committee (常委会) is a body, not a post; 主任科员 is a grade, not a head.
  ['常委会 常务委员会', { gov: 1, organ: 'legislature', unit: 'region' }],
  ['官方微博 官方账号 官方帐号 官方 官微 政务微博', { institutional: true }],

  // --- Not government
  [
    '公司 有限 股份 集团 企业 银行 保险 证券 基金 信托 投资 地产 置业 酒店 宾馆 饭店 商场 超市 百货 旗舰店 专卖店 4S店 ' +
      '汽车 航空 电网 供电 石油 石化 烟草 中国移动 中国联通 中国电信 移动通信 电力 燃气 自来水 铁塔 工作室 俱乐部 餐厅 ' +
      '美食 品牌 淘宝 天猫 京东 腾讯 新浪 网易 百度 阿里巴巴 小米 华为 联想 万达 律师事务所 会计师事务所 旅行社 景区 度假村 ' +
      '物业 培训 商会 科技有限 传媒 影视 娱乐 唱片 文化传播 广告 网店 商城 外卖 快递 物流 机场 地铁 公交公司 ' +
      '平安保险 平安银行 平安证券 平安人寿 平安产险 平安财险 中国平安 平安好医生 平安健康 平安信托 平安车险 平安金融 平安普惠 ' +
      '平安科技 平安租赁 平安养老 平安基金 平安口袋 平安城科 平安产险 太平洋保险 人寿',
    { neg: 'company' },
  ],
  [
    '日报 晚报 晨报 早报 都市报 商报 时报 青年报 法制报 报社 报业 杂志 周刊 期刊 电视台 广播电台 电台 卫视 频道 栏目 ' +
      '新闻网 新华社 新华网 人民网 央视 中央电视台 中央人民广播电台 国际广播电台 凤凰网 凤凰卫视 出版社 记者 主编 编辑 ' +
      '主持人 媒体 机关报 党报 新闻客户端 广播 电视 电视剧 电影 影片 剧组 纪录片 网剧 综艺 动画片',
    { neg: 'media' },
  ],
  [
    '大学 学院 中学 小学 学校 幼儿园 附中 附小 高中 职校 技校 职业技术 研究生院 校友 学生会 教授 讲师 老师 教师 校长 ' +
      '实验中学 外国语学校 书院 研究生 大学生 学生 同学',
    { neg: 'school' },
  ],
  ['医院 卫生院 诊所 门诊 医疗 妇幼保健院 保健院 医生 医师 护士 药店 药房 医学院 医科大学 中医馆 口腔', { neg: 'hospital' }],
  [
    '演员 歌手 主持 作家 导演 编剧 制片人 模特 艺人 明星 运动员 球员 冠军 画家 书法家 摄影师 设计师 律师 博主 网红 ' +
      '达人 创始人 董事长 总经理 总裁 CEO 经理 合伙人 投资人 知名 著名 代言 评论员 学者 研究员 音乐人 艺术家 偶像 ' +
      '乐队 相声 舞蹈 电竞 主播 写手 美食家 旅行家 自媒体 专栏 股评 情感 搞笑 段子 星座 萌宠 时尚 美妆 ' +
      '教练 选手 配音 漫画家 诗人 评论家 收藏家 企业家 创业者',
    { neg: 'person' },
  ],
  ['粉丝 后援会 爱好者 协会 基金会 志愿者 联盟 车友会 同乡会 村委会 居委会 村民委员会 居民委员会 业主', { neg: 'other' }],
];

/** Words whose cue is merged from several specs (a word listed twice keeps the first). */
let cached: CharTrie<Cue> | undefined;

export function cueTrie(): CharTrie<Cue> {
  if (cached) return cached;
  const trie = new CharTrie<Cue>();
  for (const [words, cue] of SPECS) {
    for (const w of words.split(/\s+/)) {
      if (w && trie.get(w) === undefined) trie.set(w, nationalByName(w, cue));
    }
  }
  cached = trie;
  return trie;
}

const NATIONAL_PREFIX = /^(中国|中华|国家|全国|中央|国务院)/;

/** 中国人民银行, 国务院新闻办公室: a word that swallows 中国 or 国务院 keeps its national mark. */
function nationalByName(word: string, cue: Cue): Cue {
  if (cue.neg || cue.national !== undefined || !NATIONAL_PREFIX.test(word)) return cue;
  const ministry = cue.gov === 2 && (cue.unit === 'dept' || cue.unit === 'region');
  return { ...cue, national: true, ministry };
}

/** A cue found in a text. */
export interface CueMention {
  start: number;
  end: number;
  cue: Cue;
}

const POST_SHARING = new Set([...'局厅部所院委办队处科庭署'].map((c) => c.charCodeAt(0)));

/**
 * Every cue in `text`, leftmost-longest. A unit word may share its last
 * character with a post (公安局长 = 公安局 + 局长), so after a unit ending in
 * such a character the scan also tries a post starting on it.
 */
export function findCues(text: string): CueMention[] {
  const trie = cueTrie();
  const out: CueMention[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    const end = trie.matchAt(text, i);
    if (end < 0) {
      i++;
      continue;
    }
    const cue = trie.lastValue!;
    out.push({ start: i, end, cue });
    i = end;
    if (cue.unit && end < n && POST_SHARING.has(text.charCodeAt(end - 1))) {
      const postEnd = trie.matchAt(text, end - 1);
      const post = trie.lastValue;
      if (postEnd > end && post?.post) {
        out.push({ start: end - 1, end: postEnd, cue: post });
        i = postEnd;
      }
    }
  }
  return out;
}
