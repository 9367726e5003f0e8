import type { Context } from '../app/context.js';
import { fixedClock } from '../app/clock.js';
import { hashPassword } from '../app/secrets.js';
import { type AccountRow, findAccountByUsername, insertAccount, newAccount } from '../accounts/accounts.repository.js';
import { favouriteStatus } from '../social/favourite-status.js';
import { follow } from '../social/follow.js';
import { checkStatus, createStatus } from '../statuses/create-status.js';
import { acceptRequest } from '../requests/accept.js';
import { rateRequest } from '../requests/rate.js';
import { resolveRequest } from '../requests/resolve.js';
import { respondToRequest } from '../requests/respond.js';
import { submitRequest } from '../requests/submit.js';
import { assignRequest } from '../requests/assign.js';
import { addOperator } from '../operators/add-operator.js';
import type { RequestCategory } from '../domain/service-request.js';
import type { DemoAccount } from './population.js';
import { type Rng, mulberry32, pick } from './templates.js';
import { transaction } from '../app/transaction.js';
import { indexAccounts } from '../search/search-index.repository.js';

/** The demo's shared password for its staff and citizens, printed by `govblog demo`. */
export const DEMO_PASSWORD = 'govblog-demo';

const CHUNK = 400;
/** Officials who post in the live sample: the most followed of each provider. */
const OFFICIALS_POSTING = 30;
/** Organs opened in the sample's weeks that post: the most followed of each provider. */
const NEWER_POSTING = 30;
/** Accounts indexed for search together, once all are written: large sorted batches into a table nothing else grows beside are several times faster than one per chunk. */
const INDEX_BATCH = 10_000;

/** The accounts the 2012 report names at the top of its ranking (population.ts places them). */
const LEADERS = new Set(['shanghaifabu', 'jinduzaixian', 'jingcailuoyang']);

/**
 * Writes one provider's share of the population: each account with the
 * verification a reviewer approved and the government profile it gave, in
 * batches inside transactions. Follower and post counts are the accounts'
 * history as the calibrated model has it (the live sample below adds to them).
 */
export async function seedAccounts(ctx: Context, accounts: readonly DemoAccount[], reviewerId: number, progress?: (done: number) => void): Promise<void> {
  // Indexed for search once all are written, before any server reads them, as migration 0009 backfills an existing database.
  const written: number[] = [];
  for (let i = 0; i < accounts.length; i += CHUNK) {
    const batch = accounts.slice(i, i + CHUNK);
    await transaction(ctx, async (trx) => {
      const rows = await trx
        .insertInto('accounts')
        .values(
          batch.map((a) => ({
            ...newAccount({ username: a.handle, email: null, passwordHash: null, role: 'user' }, a.createdAt),
            display_name: a.name,
            note: a.verification,
            followers_count: a.followers,
            statuses_count: a.posts,
            last_status_at: a.posts > 0 ? a.createdAt : null,
            closed_at: a.closedAt,
          })),
        )
        .returning(['id', 'username'])
        .execute();
      const idOf = new Map(rows.map((r) => [r.username, Number(r.id)]));
      const decided = (a: DemoAccount) => new Date(Date.parse(a.createdAt) + 3_600_000).toISOString();
      const verifications = await trx
        .insertInto('verifications')
        .values(
          batch.map((a) => ({
            account_id: idOf.get(a.handle) as number,
            kind: a.labels.kind,
            organ_name: a.organName,
            organ: a.labels.organ,
            public_security: a.labels.public_security ? 1 : 0,
            level: a.labels.level,
            region_code: a.regionCode,
            province: a.labels.province,
            credit_code: a.creditCode,
            position: a.position,
            rank: a.labels.rank,
            verification_text: a.verification,
            evidence: '单位公函（演示数据） Official letter (demo data)',
            organ_account_id: null,
            state: 'approved' as const,
            reason: '材料齐全 Documents complete',
            reviewer_id: reviewerId,
            decided_at: decided(a),
            created_at: a.createdAt,
            updated_at: decided(a),
          })),
        )
        .returning(['id', 'account_id'])
        .execute();
      const verificationOf = new Map(verifications.map((v) => [Number(v.account_id), Number(v.id)]));
      await trx
        .insertInto('gov_profiles')
        .values(
          batch.map((a) => {
            const accountId = idOf.get(a.handle) as number;
            return {
              account_id: accountId,
              verification_id: verificationOf.get(accountId) as number,
              kind: a.labels.kind,
              organ: a.labels.organ,
              organ_name: a.organName,
              public_security: a.labels.public_security ? 1 : 0,
              level: a.labels.level,
              rank: a.labels.rank,
              province: a.labels.province,
              region_code: a.regionCode,
              position: a.position,
              verification: a.verification,
              verified_at: decided(a),
            };
          }),
        )
        .execute();
      written.push(...rows.map((r) => Number(r.id)));
    });
    progress?.(Math.min(i + CHUNK, accounts.length));
  }
  for (let i = 0; i < written.length; i += INDEX_BATCH) await transaction(ctx, (trx) => indexAccounts(trx, written.slice(i, i + INDEX_BATCH)));
}

/** The provider's own staff: an administrator and a reviewer who can sign in to the web UI. */
export async function seedStaff(ctx: Context, at: string): Promise<{ admin: AccountRow; reviewer: AccountRow }> {
  const hash = await hashPassword(DEMO_PASSWORD);
  const make = async (username: string, role: 'admin' | 'reviewer') =>
    (await findAccountByUsername(ctx.db, username)) ?? insertAccount(ctx.db, { ...newAccount({ username, email: `${username}@${ctx.config.provider}`, passwordHash: hash, role }, at), display_name: role === 'admin' ? '平台管理员 Administrator' : '认证审核员 Reviewer' });
  return { admin: await make('admin', 'admin'), reviewer: await make('reviewer', 'reviewer') };
}

/**
 * What organs post in the demo's weeks (November and December 2012), by what
 * they are: police, traffic police, fire brigades (119, and 9 November is
 * the national fire-safety day), weather offices (only they forecast, and for
 * their own climate), information offices, courts, procuratorates…
 * Each list has more texts than an organ posts, so that none repeats itself.
 */
const POSTS: Record<string, string[]> = {
  police: [
    '#平安提示# 近期冒充客服、冒充公检法的电信诈骗案件高发，请勿向陌生账户转账。如遇可疑情况请拨打110。',
    '【警情通报】我局成功破获一起入室盗窃案，抓获犯罪嫌疑人2名，追回被盗财物。年底将至，请市民出门锁好门窗。',
    '#便民服务# 户籍窗口周六上午正常办公，办理身份证请携带户口簿；临时身份证可当场办理。',
    '【防范提示】天气转冷，电动车充电请勿私拉电线、不要在楼道内停放充电，防范火灾和盗窃。',
    '#平安提示# 在银行取款时请注意遮挡密码，发现ATM机有异常装置请立即拨打110报警。',
  ],
  traffic: [
    '#交通提示# 早晚高峰主干道车流量大，请合理安排出行时间，服从交警指挥。',
    '【交通管制】因道路施工，部分路段实行单向通行，请过往车辆提前绕行，详见路口指示牌。',
    '#文明交通# 冬季昼短夜长，夜间行车请正确使用灯光，会车时切勿使用远光灯。',
    '【提示】年底机动车年检高峰，车主可通过网上预约办理，避免排队等候。',
    '#酒驾整治# 年底酒驾专项整治行动持续开展：喝酒不开车，开车不喝酒。',
  ],
  fire: [
    '#119消防宣传月# 11月9日是全国消防日。冬季用火用电增多，离家前请关闭电源和燃气阀门。发现火情请拨打119。',
    '【消防提示】使用取暖器、电热毯时请远离可燃物，不要长时间无人看管。火警电话119。',
    '#消防安全# 楼道、安全出口请勿堆放杂物，保持消防通道畅通，关键时刻就是生命通道。',
    '【火灾警示】家中发生火灾时请用湿毛巾捂住口鼻、弯腰低姿撤离，切勿乘坐电梯，及时拨打119。',
    '#消防进社区# 本周消防队员走进社区，为居民讲解灭火器使用方法，欢迎报名参加。',
  ],
  press: [
    '#政务公开# 今天上午召开新闻发布会，通报今年前三季度经济社会发展情况，并回答记者提问。',
    '【民生实事】老旧小区改造工程本月开工，涉及居民1.2万户，施工期间将尽量减少对居民生活的影响。',
    '#学习十八大# 党的十八大胜利闭幕，各地各部门认真学习宣传贯彻大会精神。',
    '【便民】冬季供暖保障工作已全面部署，居民如遇供暖问题可拨打政务服务热线反映。',
    '#政务微博# 感谢网友关注，我们将及时发布权威信息、回应社会关切。',
  ],
  government: [
    '#政务公开# 本单位2013年部门预算编制工作启动，相关信息将按规定在政府网站公开。',
    '【办事指南】窗口办理业务请携带本人身份证原件，办事流程和所需材料见政府网站。',
    '#学习十八大# 全体干部职工集中学习党的十八大报告，结合本职工作抓好落实。',
    '【通知】元旦假期期间窗口暂停办理业务，1月4日起恢复正常。',
    '#政务微博# 感谢网友关注，网友留言我们将在工作日内回复。',
  ],
  weather: [],
  court: [
    '【庭审直播】今天上午9时，我院公开审理一起民间借贷纠纷案件，欢迎关注。',
    '#司法公开# 本月共审结各类案件312件，执行到位金额4800万元。',
    '【以案说法】签订借款合同时请写明借款金额、利息和还款期限，并保留转账凭证。',
    '#执行在行动# 年底集中执行行动开展，涉及拖欠农民工工资案件优先执行。',
  ],
  procuratorate: [
    '#检察开放日# 本周五举办检察开放日活动，欢迎市民报名参观。',
    '【以案释法】醉驾入刑一年多来，醉驾案件明显减少：酒后不开车，开车不喝酒。',
    '#预防职务犯罪# 我院走进重点工程项目开展警示教育，筑牢廉洁防线。',
    '【举报须知】举报职务犯罪可来信、来访或拨打举报电话12309，我们将依法为举报人保密。',
  ],
  discipline: [
    '#清风# 元旦春节将至，严禁公款送礼、公款吃喝、公款旅游。欢迎社会各界监督举报。',
    '【通报】3起违反廉洁自律规定问题的典型案例。',
    '#学习十八大# 深入学习十八大关于加强反腐倡廉建设的部署。',
    '【信访须知】信访举报请实名反映，我们对举报人信息严格保密。',
  ],
  party: [
    '#学习十八大# 党的十八大胜利闭幕，我们将组织党员干部认真学习大会精神。',
    '【通知】全市党员冬训工作即将开始，请各基层党组织做好准备。',
    '#基层党建# 走进社区党支部，听党员群众谈发展、提建议。',
    '【公示】拟任职干部任前公示，公示期5个工作日，欢迎监督。',
  ],
  legislature: [
    '【会议】人大常委会召开会议，听取和审议关于民生实事项目进展情况的报告。',
    '#代表之声# 人大代表深入基层走访选民，收集意见建议。',
    '#学习十八大# 常委会组成人员集中学习党的十八大精神。',
    '【立法征求意见】条例草案向社会公开征求意见，欢迎提出意见和建议。',
  ],
  political_advisory: [
    '【委员视察】政协委员视察中小学校舍安全工程建设情况。',
    '#提案办理# 今年委员提案已全部办结，办复率100%。',
    '#学习十八大# 政协机关组织学习党的十八大精神。',
    '【协商议政】专题协商会围绕城市交通建言献策。',
  ],
  mass_organization: [
    '#志愿服务# 冬季送温暖活动启动，欢迎青年志愿者报名参加。',
    '【关爱】为困难职工和留守儿童送去过冬棉衣。',
    '#学习十八大# 组织青年骨干学习十八大精神座谈会。',
    '【招募】“12·5国际志愿者日”主题活动志愿者招募中。',
  ],
  public_institution: [
    '#服务公告# 本单位元旦假期服务时间调整，详见官方网站。',
    '【科普】冬季是流感高发季节，勤洗手、常通风，出现发热症状及时就医。',
    '#公共服务# 感谢市民关注，服务意见可通过本微博留言反映。',
    '【通知】年度公众开放日活动报名开始，名额有限。',
  ],
};

/** A weather office's forecasts for its own place in November and December: the cold north has snow and frost, the south rain and mild lows. */
function forecasts(a: DemoAccount): string[] {
  if (a.labels.level === 'national')
    return [
      '【全国天气】受冷空气影响，未来三天我国中东部大部地区气温将下降6～10℃，东北地区、华北北部有小到中雪，请注意防寒保暖。',
      '#天气# 本周江南、华南多阴雨天气，北方大部天气晴好、空气干燥，请注意森林草原防火。',
      '【大雾预警】今天早晨华北南部、黄淮等地有大雾，部分地区能见度不足200米，请注意交通安全。',
    ];
  const province = a.labels.province ?? '11';
  const place = a.name.replace(/(气象局|气象台|气象)$/, '') || '本地';
  const cold = ['15', '21', '22', '23', '54', '62', '63', '65'].includes(province);
  const north = ['11', '12', '13', '14', '37', '41', '61', '64'].includes(province);
  const south = ['35', '44', '45', '46'].includes(province);
  if (cold)
    return [
      `【天气预报】受冷空气影响，${place}今天夜间到明天有小雪，最低气温-12℃左右，道路结冰，请注意防寒保暖、出行安全。`,
      `#天气# ${place}明天晴转多云，西北风4～5级，气温-15～-4℃，早晚寒冷，请注意保暖。`,
      `【寒潮蓝色预警】未来两天${place}气温将下降8～10℃，请做好防寒防冻准备。`,
    ];
  if (north)
    return [
      `【天气预报】${place}明天晴，北风3～4级，气温-2～9℃，空气干燥，请注意防火。`,
      `#天气# 冷空气来袭，${place}未来三天气温下降5～7℃，最低气温-3℃左右，请及时添衣。`,
      `【大雾黄色预警】${place}今天早晨有大雾，能见度不足500米，请减速慢行。`,
    ];
  if (south)
    return [
      `【天气预报】${place}明天多云，气温16～24℃，早晚较凉，请适时添衣。`,
      `#天气# 受冷空气影响，${place}未来两天有小雨，气温下降3～5℃，最低气温13℃左右。`,
      `【天气】${place}近期天气干燥，森林火险等级较高，请注意野外用火安全。`,
    ];
  return [
    `【天气预报】${place}明天阴有小雨，气温6～12℃，请出门带好雨具。`,
    `#天气# 冷空气南下，${place}未来三天气温下降4～6℃，最低气温3℃左右，请注意防寒保暖。`,
    `【大雾黄色预警】${place}今天早晨有大雾，高速公路部分路段能见度低于200米，请谨慎驾驶。`,
  ];
}

/** Which texts fit an organ: what it is and what its name says. */
export function postsFor(a: DemoAccount): string[] {
  const o = a.organName;
  if (/气象/.test(o)) return forecasts(a);
  if (a.labels.public_security) {
    if (/消防/.test(o)) return POSTS.fire as string[];
    if (/交通|交警/.test(o + a.name)) return POSTS.traffic as string[];
    return POSTS.police as string[];
  }
  if (/新闻办公室/.test(o)) return POSTS.press as string[];
  return (POSTS[a.labels.organ] ?? POSTS.government) as string[];
}

/** An official's own posts: their work, in their own voice. */
const OFFICIAL_POSTS = [
  '今天到基层调研冬季供暖和困难群众过冬情况，听取群众意见。',
  '参加学习十八大精神专题会议，结合分管工作谈体会。',
  '感谢网友留言反映的问题，已转交相关部门办理，会及时反馈。',
  '周末走访了几户困难家庭，天冷了，希望大家都过个暖冬。',
];
const POLICE_OFFICIAL_POSTS = [
  '今晚带队开展冬季治安巡逻，提醒大家夜间出行注意安全。',
  '接到网友反映的问题，已安排民警核实处理。',
  '年底了，又到电信诈骗高发期，提醒亲友们：凡是要求转账到“安全账户”的都是诈骗。',
  '参加辖区治安形势分析会，部署年底社会面防控工作。',
];

/**
 * Service requests as citizens send them, each to an organ that handles
 * such things, with the answers such an organ gives: a missing person is
 * answered about the search, a question about papers with where they are listed.
 */
export interface RequestKind {
  category: RequestCategory;
  text: string;
  /** Who handles it: the police, a government department, a court, or any organ. */
  to: 'police' | 'government' | 'court' | 'any';
  responses: string[];
}

export const REQUESTS: RequestKind[] = [
  { category: 'inquiry', to: 'government', text: '请问办理居住证需要准备哪些材料？', responses: ['您好，办理居住证需携带身份证、租房合同或房产证明，所需材料清单已在政府网站公布，也可拨打便民热线咨询。'] },
  { category: 'inquiry', to: 'government', text: '孩子入学需要提供哪些证明？在哪里办理？', responses: ['您好，入学需提供户口簿、房产或居住证明，可到学区所在学校或区教育部门咨询办理，具体要求见教育部门网站。'] },
  { category: 'inquiry', to: 'police', text: '请问补办身份证需要多长时间？可以异地办理吗？', responses: ['您好，补办身份证需到户籍所在地派出所办理，一般60日内领证，急需可同时申领临时身份证。'] },
  { category: 'complaint', to: 'government', text: '小区附近工地夜间施工，噪音扰民已持续一周。', responses: ['您好，已转交城管和环保部门核查，夜间施工须持有许可，违规施工将依法处理，处理结果会及时告知您。', '感谢您的反映，执法人员已到现场，施工单位已停止夜间作业。'] },
  { category: 'complaint', to: 'government', text: '某路段路灯损坏多日无人维修，夜间出行不便。', responses: ['您好，已通知路灯管理部门，维修人员将在三个工作日内完成修复。', '感谢您的反映，路灯已修复，欢迎继续监督。'] },
  { category: 'complaint', to: 'government', text: '菜市场周边占道经营严重，交通拥堵。', responses: ['您好，已转交城管部门，将加强早晚高峰时段的巡查和疏导。'] },
  { category: 'help', to: 'police', text: '家中老人走失，身穿灰色外套，请帮忙发布寻人信息。', responses: ['您好，已通知辖区派出所和巡逻民警协助查找，请尽快到就近派出所登记老人的照片和体貌特征，并保持电话畅通。', '您好，老人已由巡逻民警找到，正在派出所休息，请带身份证件前来接人。'] },
  { category: 'help', to: 'police', text: '钱包遗失在出租车上，内有身份证，请求帮助查找。', responses: ['您好，请提供乘车时间、上下车地点，我们将联系出租车管理部门协查；如有车票可提供车牌号。', '您好，已联系上司机，钱包完好，请携带本人证件到派出所领取。'] },
  { category: 'report', to: 'government', text: '发现有人在河道非法采砂，请有关部门查处。', responses: ['您好，已转交水利执法部门到现场核查，一经查实将依法处理。'] },
  { category: 'inquiry', to: 'court', text: '请问起诉需要准备哪些材料？可以网上立案吗？', responses: ['您好，起诉需提交起诉状及副本、身份证明和证据材料，诉讼指南已在法院网站公布，也可到立案大厅咨询。'] },
  { category: 'inquiry', to: 'court', text: '我的案子判决后对方一直不履行，应该怎么办？', responses: ['您好，判决生效后对方不履行的，可以向一审法院申请强制执行，申请期限为两年，请携带判决书和身份证到立案大厅办理。'] },
  { category: 'inquiry', to: 'any', text: '请问贵单位的办公地址和对外办公时间？', responses: ['您好，办公地址和电话已在官方网站公布，工作日上午8:30至12:00、下午2:00至5:30对外办公。'] },
  { category: 'complaint', to: 'any', text: '上周打贵单位公布的电话一直无人接听。', responses: ['您好，感谢您的监督，已核实是线路故障，现已修复；今后如遇问题也可通过本微博留言。'] },
  { category: 'report', to: 'police', text: '举报某网吧接纳未成年人上网。', responses: ['您好，已安排民警会同文化执法部门检查，查实后将依法处罚。'] },
];

/** What citizens ask an organ of this kind: the police about people and papers, every organ about the rest. */
function requestsFor(spec: DemoAccount): RequestKind[] {
  const handles = spec.labels.public_security ? 'police' : spec.labels.organ === 'government' || spec.labels.organ === 'court' ? spec.labels.organ : 'any';
  return REQUESTS.filter((q) => q.to === 'any' || q.to === handles);
}

/** The k-th post of an account: its texts in turn from a random start, so that no account repeats itself. */
function postTextFor(start: number, list: readonly string[], k: number): string {
  return list[(start + k) % list.length] as string;
}

export interface LiveSample {
  statuses: number;
  follows: number;
  requests: number;
}

/** The press officers' sign-ins of every demo provider: staff of its most-followed organ, with DEMO_PASSWORD. */
export const DEMO_OPERATORS = ['operator1', 'operator2'] as const;

/**
 * The live part of a provider, made through the same use cases as the API so
 * that timelines, notifications, rankings and service records are real:
 * the busiest organs post, demo citizens follow, favourite and reply, and
 * send service requests that organs take through to a rating.
 */
export async function seedLife(ctx: Context, accounts: readonly DemoAccount[], seed: number, citizens = 60): Promise<LiveSample> {
  const rng = mulberry32(seed);
  const clock = fixedClock('2012-11-01T01:00:00Z');
  const live: Context = { ...ctx, clock };
  const tick = () => clock.advance(17 * 60_000 + Math.floor(rng() * 40 * 60_000));
  const hash = await hashPassword(DEMO_PASSWORD);

  const organs = accounts
    .filter((a) => a.labels.kind === 'institutional' && a.closedAt === null && a.createdAt < '2012-11-01' && a.posts > 0)
    .sort((a, b) => b.followers - a.followers || (a.handle < b.handle ? -1 : 1))
    .slice(0, 120);
  const organRows: { spec: DemoAccount; row: AccountRow }[] = [];
  for (const spec of organs) {
    const row = await findAccountByUsername(ctx.db, spec.handle);
    if (row) organRows.push({ spec, row });
  }

  const people: AccountRow[] = [];
  for (let i = 1; i <= citizens; i++) {
    const username = `citizen${i}`;
    people.push(
      (await findAccountByUsername(ctx.db, username)) ??
        (await insertAccount(ctx.db, { ...newAccount({ username, email: `${username}@${ctx.config.provider}`, passwordHash: hash, role: 'user' }, '2012-10-01T00:00:00Z'), display_name: `市民${i}` })),
    );
  }

  let follows = 0;
  for (const person of people) {
    for (const { row } of organRows.slice(0, 8 + Math.floor(rng() * 12))) {
      await follow(live, { account: person, operator: null }, Number(row.id));
      follows += 1;
    }
  }

  let statuses = 0;
  const thanks = ['感谢及时发布信息！', '收到，已转发给家人。', '点赞，希望多发这样的提示。', '很实用，谢谢！'];
  for (const { spec, row } of organRows) {
    const texts = postsFor(spec);
    const start = Math.floor(rng() * texts.length);
    for (let k = 0; k < 3; k++) {
      tick();
      const s = await createStatus(live, { account: row, operator: null, appName: 'govblog demo' }, checkStatus({ status: postTextFor(start, texts, k), visibility: 'public', language: 'zh' }));
      statuses += 1;
      if (rng() < 0.5) await favouriteStatus(live, { account: pick(rng, people), operator: null }, Number(s.id));
      if (rng() < 0.25) {
        tick();
        const who = pick(rng, people);
        await createStatus(live, { account: who, operator: null }, checkStatus({ status: `@${row.username} ${pick(rng, thanks)}`, in_reply_to_id: String(s.id) }));
        statuses += 1;
      }
    }
  }

  // The most followed organs opened since 1 November post after they opened, the clock set back after, so that no profile a reader opens first is empty.
  const resume = clock.now();
  const newer = accounts
    .filter((a) => a.labels.kind === 'institutional' && a.closedAt === null && a.createdAt >= '2012-11-01' && a.createdAt < '2012-12-18' && a.posts > 0)
    .sort((a, b) => b.followers - a.followers || (a.handle < b.handle ? -1 : 1))
    .slice(0, NEWER_POSTING);
  for (const spec of newer) {
    const row = await findAccountByUsername(ctx.db, spec.handle);
    if (!row) continue;
    clock.set(new Date(Date.parse(spec.createdAt) + 2 * 3_600_000));
    const texts = postsFor(spec);
    const start = Math.floor(rng() * texts.length);
    for (let k = 0; k < 3; k++) {
      tick();
      await createStatus(live, { account: row, operator: null, appName: 'govblog demo' }, checkStatus({ status: postTextFor(start, texts, k), visibility: 'public', language: 'zh' }));
      statuses += 1;
    }
  }
  clock.set(resume);

  // The most followed officials post too, so that the profiles a reader opens first have recent posts.
  const officials = accounts
    .filter((a) => a.labels.kind === 'individual' && a.closedAt === null && a.createdAt < '2012-11-01' && a.posts > 0)
    .sort((a, b) => b.followers - a.followers || (a.handle < b.handle ? -1 : 1))
    .slice(0, OFFICIALS_POSTING);
  for (const spec of officials) {
    const row = await findAccountByUsername(ctx.db, spec.handle);
    if (!row) continue;
    const texts = spec.labels.public_security ? POLICE_OFFICIAL_POSTS : OFFICIAL_POSTS;
    const start = Math.floor(rng() * texts.length);
    for (let k = 0; k < 2; k++) {
      tick();
      await createStatus(live, { account: row, operator: null, appName: 'govblog demo' }, checkStatus({ status: postTextFor(start, texts, k), visibility: 'public', language: 'zh' }));
      statuses += 1;
    }
  }

  let requests = 0;
  // Each request starts on its own day of the weeks before the cut-off and takes its own time.
  const start = Date.parse('2012-11-20T01:00:00Z');
  for (const { spec, row } of organRows.slice(0, 40)) {
    // Each organ is asked what it handles: the police about people and papers, every organ about the rest.
    const fitting = requestsFor(spec);
    for (let k = 0; k < 3; k++) {
      clock.set(new Date(start + requests * 47 * 60_000));
      const ask = pick(rng, fitting);
      const citizen = { account: pick(rng, people), operator: null };
      const organ = { account: row, operator: null };
      const r = await submitRequest(live, citizen, { account_id: String(row.id), category: ask.category, text: ask.text, visibility: rng() < 0.6 ? 'public' : 'private' });
      requests += 1;
      // The leaders of the report's ranking answer everything, fast, to the citizens' satisfaction.
      const leader = LEADERS.has(row.username);
      const fate = leader ? 1 : rng();
      if (fate < 0.1) continue;
      const accepted = leader ? 0.2 : 0.5 + rng() * 20;
      clock.advance(Math.floor(accepted * 3_600_000));
      await acceptRequest(live, organ, Number(r.id));
      if (fate < 0.2) continue;
      const answered = accepted + (leader ? 0.5 : 1 + rng() * 30);
      clock.advance(Math.floor((answered - accepted) * 3_600_000));
      await respondToRequest(live, organ, Number(r.id), { text: pick(rng, ask.responses) });
      if (fate < 0.35) continue;
      clock.advance(Math.floor((2 + rng() * 48) * 3_600_000));
      await resolveRequest(live, organ, Number(r.id));
      if (fate < 0.45) continue;
      // Citizens rate by how soon they were answered: within a day mostly 5 or 4, after two days 3 or 2.
      const score = leader ? 5 : answered < 24 ? 4 + (rng() < 0.6 ? 1 : 0) : answered < 48 ? 3 + (rng() < 0.5 ? 1 : 0) : 2 + (rng() < 0.5 ? 1 : 0);
      await rateRequest(live, citizen, Number(r.id), { score });
    }
  }
  const press = organRows[0];
  if (press) requests += await seedPressOffice(live, clock, press.row, requestsFor(press.spec), people, hash, seed);
  return { statuses, follows, requests };
}

/**
 * The press office of a provider's most-followed organ: operator1 and
 * operator2 run it, and its inbox holds requests in every state, some given
 * to one of them, some to nobody, so that a press officer who signs in has
 * work to sort. Its own random stream, so the rest of the sample stays as it was.
 */
async function seedPressOffice(
  live: Context,
  clock: ReturnType<typeof fixedClock>,
  organ: AccountRow,
  fitting: readonly RequestKind[],
  people: readonly AccountRow[],
  hash: string,
  seed: number,
): Promise<number> {
  const rng = mulberry32(seed + 7919);
  const self = { account: organ, operator: null };
  const staff: AccountRow[] = [];
  for (const [i, username] of DEMO_OPERATORS.entries()) {
    const row =
      (await findAccountByUsername(live.db, username)) ??
      (await insertAccount(live.db, { ...newAccount({ username, email: `${username}@${live.config.provider}`, passwordHash: hash, role: 'user' }, '2012-10-01T00:00:00Z'), display_name: `${organ.display_name || organ.username} 运营${i === 0 ? '甲' : '乙'}` }));
    await addOperator(live, self, Number(organ.id), { account_id: String(row.id) });
    staff.push(row);
  }
  clock.set('2012-11-28T01:00:00Z');
  let made = 0;
  // How far each is taken: none, accepted, responded, resolved, again and again, so that every filter finds something.
  for (let k = 0; k < 12; k++) {
    clock.advance(Math.floor((1 + rng() * 5) * 3_600_000));
    // In turn through what this organ is asked, so that the inbox holds each kind of request.
    const ask = fitting[k % fitting.length] as RequestKind;
    const citizen = { account: pick(rng, people), operator: null };
    const r = await submitRequest(live, citizen, { account_id: String(organ.id), category: ask.category, text: ask.text, visibility: rng() < 0.5 ? 'public' : 'private' });
    made += 1;
    const officer = staff[(k >> 2) % staff.length] as AccountRow;
    const through = { account: organ, operator: officer };
    if (k % 3 !== 2) await assignRequest(live, self, Number(r.id), Number(officer.id));
    const depth = k % 4;
    if (depth >= 1) {
      clock.advance(Math.floor((0.5 + rng() * 6) * 3_600_000));
      await acceptRequest(live, through, Number(r.id));
    }
    if (depth >= 2) {
      clock.advance(Math.floor((1 + rng() * 20) * 3_600_000));
      await respondToRequest(live, through, Number(r.id), { text: pick(rng, ask.responses) });
    }
    if (depth >= 3) {
      clock.advance(Math.floor((1 + rng() * 24) * 3_600_000));
      await resolveRequest(live, through, Number(r.id));
    }
  }
  return made;
}

/** The organ whose press office the demo's operators run (seedPressOffice), or null on a provider without one. */
export async function demoPressOrgan(ctx: Context): Promise<{ username: string; displayName: string } | null> {
  const row = await ctx.db
    .selectFrom('operators')
    .innerJoin('accounts as staff', 'staff.id', 'operators.operator_account_id')
    .innerJoin('accounts as organ', 'organ.id', 'operators.organ_account_id')
    .select(['organ.username as username', 'organ.display_name as displayName'])
    .where('staff.username', '=', DEMO_OPERATORS[0])
    .where('operators.removed_at', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}
