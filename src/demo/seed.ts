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

const POSTS: Record<string, string[]> = {
  police: [
    '#平安提示# 近期冒充客服的电信诈骗案件高发，请勿向陌生账户转账。如遇可疑情况请拨打110。',
    '#交通提示# 受降雪影响，部分路段实行临时交通管制，请广大驾驶员减速慢行、注意安全。',
    '【警情通报】今日我局成功破获一起入室盗窃案，抓获犯罪嫌疑人2名，追回被盗财物。',
    '#便民服务# 户籍窗口周六上午正常办公，办理身份证请携带户口簿。',
  ],
  government: [
    '#政务公开# 今日召开新闻发布会，通报今年前三季度经济运行情况。',
    '【便民提示】本市公共自行车服务点新增200处，市民可凭市民卡免费借用一小时。',
    '#民生实事# 老旧小区改造工程本月开工，涉及居民1.2万户。详情见政府网站。',
    '【天气】今夜到明天有中雪，最低气温-8℃，请注意防寒保暖。',
  ],
  court: ['【庭审直播】今天上午9时，我院公开审理一起民间借贷纠纷案件，欢迎关注。', '#司法公开# 本月共审结各类案件312件，执行到位金额4800万元。'],
  procuratorate: ['#检察开放日# 本周五举办检察开放日活动，欢迎市民报名参观。', '【以案释法】醉驾入刑一周年：酒后不开车，开车不喝酒。'],
  discipline: ['#清风# 中秋国庆期间，严禁公款送礼、公款吃喝、公款旅游。欢迎社会各界监督举报。', '【通报】3起违反中央八项规定精神问题的典型案例。'],
  other: ['#政务微博# 感谢网友关注，我们将及时发布权威信息、回应社会关切。', '【公告】办公地点搬迁通知：自下月起迁至新址办公。'],
};

const REQUESTS: Record<RequestCategory, string[]> = {
  inquiry: ['请问办理居住证需要准备哪些材料？', '孩子入学需要提供哪些证明？在哪里办理？', '新的公交线路什么时候开通？'],
  complaint: ['小区附近工地夜间施工，噪音扰民已持续一周。', '某路段路灯损坏多日无人维修，夜间出行不便。', '菜市场周边占道经营严重，交通拥堵。'],
  help: ['家中老人走失，身穿灰色外套，请帮忙发布寻人信息。', '钱包遗失在出租车上，内有身份证，请求帮助查找。'],
  report: ['发现有人在河道非法采砂，请有关部门查处。', '举报某网吧接纳未成年人上网。'],
};

const RESPONSES = ['您好，已转交相关部门核查处理，将尽快给您答复。', '感谢您的反映，相关部门已到现场处理，问题已解决。', '您好，所需材料已在政府网站公布，也可拨打便民热线咨询。'];

/** The k-th post of an organ: its kind's texts in turn from a random start, so that one account does not repeat itself. */
function postTextFor(start: number, a: DemoAccount, k: number): string {
  const list = (a.labels.public_security ? POSTS.police : (POSTS[a.labels.organ as string] ?? POSTS.other)) as string[];
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
    .filter((a) => a.labels.kind === 'institutional' && a.closedAt === null && a.createdAt < '2012-11-01')
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
  for (const { spec, row } of organRows) {
    const start = Math.floor(rng() * 4);
    for (let k = 0; k < 3; k++) {
      tick();
      const s = await createStatus(live, { account: row, operator: null, appName: 'govblog demo' }, checkStatus({ status: postTextFor(start, spec, k), visibility: 'public', language: 'zh' }));
      statuses += 1;
      if (rng() < 0.5) await favouriteStatus(live, { account: pick(rng, people), operator: null }, Number(s.id));
      if (rng() < 0.25) {
        tick();
        const who = pick(rng, people);
        await createStatus(live, { account: who, operator: null }, checkStatus({ status: `@${row.username} 感谢及时发布信息！`, in_reply_to_id: String(s.id) }));
        statuses += 1;
      }
    }
  }

  let requests = 0;
  const categories = Object.keys(REQUESTS) as RequestCategory[];
  // Each request starts on its own day of the weeks before the cut-off and takes its own time.
  const start = Date.parse('2012-11-20T01:00:00Z');
  for (const { row } of organRows.slice(0, 40)) {
    for (let k = 0; k < 3; k++) {
      clock.set(new Date(start + requests * 47 * 60_000));
      const category = pick(rng, categories);
      const citizen = { account: pick(rng, people), operator: null };
      const organ = { account: row, operator: null };
      const r = await submitRequest(live, citizen, { account_id: String(row.id), category, text: pick(rng, REQUESTS[category]), visibility: rng() < 0.6 ? 'public' : 'private' });
      requests += 1;
      // The leaders of the report's ranking answer everything, fast, to the citizens' satisfaction.
      const leader = LEADERS.has(row.username);
      const fate = leader ? 1 : rng();
      if (fate < 0.1) continue;
      clock.advance(Math.floor((leader ? 0.2 : 0.5 + rng() * 20) * 3_600_000));
      await acceptRequest(live, organ, Number(r.id));
      if (fate < 0.2) continue;
      clock.advance(Math.floor((leader ? 0.5 : 1 + rng() * 30) * 3_600_000));
      await respondToRequest(live, organ, Number(r.id), { text: pick(rng, RESPONSES) });
      if (fate < 0.35) continue;
      clock.advance(Math.floor((2 + rng() * 48) * 3_600_000));
      await resolveRequest(live, organ, Number(r.id));
      if (fate < 0.45) continue;
      await rateRequest(live, citizen, Number(r.id), { score: leader ? 5 : 2 + Math.floor(rng() * 4) });
    }
  }
  const press = organRows[0];
  if (press) requests += await seedPressOffice(live, clock, press.row, people, hash, seed);
  return { statuses, follows, requests };
}

/**
 * The press office of a provider's most-followed organ: operator1 and
 * operator2 run it, and its inbox holds requests in every state, some given
 * to one of them, some to nobody, so that a press officer who signs in has
 * work to sort. Its own random stream, so the rest of the sample stays as it was.
 */
async function seedPressOffice(live: Context, clock: ReturnType<typeof fixedClock>, organ: AccountRow, people: readonly AccountRow[], hash: string, seed: number): Promise<number> {
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
  const categories = Object.keys(REQUESTS) as RequestCategory[];
  clock.set('2012-11-28T01:00:00Z');
  let made = 0;
  // How far each is taken: none, accepted, responded, resolved, again and again, so that every filter finds something.
  for (let k = 0; k < 12; k++) {
    clock.advance(Math.floor((1 + rng() * 5) * 3_600_000));
    const category = categories[k % categories.length] as RequestCategory;
    const citizen = { account: pick(rng, people), operator: null };
    const r = await submitRequest(live, citizen, { account_id: String(organ.id), category, text: pick(rng, REQUESTS[category]), visibility: rng() < 0.5 ? 'public' : 'private' });
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
      await respondToRequest(live, through, Number(r.id), { text: pick(rng, RESPONSES) });
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
