/**
 * Search latency over the demo's population (issue 12): the 181,414 verified
 * government accounts exactly as `govblog demo` makes them
 * (src/demo/population.ts, written by the demo's own seedAccounts, which
 * indexes them), and N statuses of theirs (default 1,000,000; `--statuses N`)
 * built from varied Chinese sentences and place names, 5% of them private,
 * indexed by the provider's own indexStatuses.
 *
 * Then, through the HTTP app (`app.inject`, answers presented as clients get
 * them, strict checks off as in production) with a citizen's token:
 * `GET /api/v2/search?type=accounts&q=…` and `…type=statuses&q=…` for 2-, 3-
 * and 4-character Chinese queries cut at random from the accounts' names and
 * verification texts and from the statuses' texts (so that they match
 * something, as people's queries do), QUERIES of each; p50 and p99 in ms.
 * Then the same queries once more (`_repeat`): their pages read, what is left
 * is the query itself and the machine's stalls. Goal: p99 < 50 ms.
 *
 *   npx tsx bench/search.ts [--dialect sqlite|postgres|both] [--statuses N] [--queries N]
 *
 * Prints one JSON line per dialect, and a human line on stderr.
 */
import { sql } from 'kysely';
import { mulberry32 } from '../src/app/random.js';
import { transaction } from '../src/app/transaction.js';
import { buildApp } from '../src/http/app.js';
import { buildPopulation } from '../src/demo/population.js';
import { seedAccounts, seedStaff } from '../src/demo/seed.js';
import { createUser } from '../src/accounts/sign-up.js';
import { indexStatuses } from '../src/search/search-index.repository.js';
import { benchDatabase, dialectsOf, ms, numberOption } from './bench-db.js';

const STATUSES = numberOption('statuses', 1_000_000);
const QUERIES = numberOption('queries', 200);
const BATCH = 2000;
/** Fewer accounts (`--accounts N`), for a quick look; the figures are for all of them. */
const ACCOUNTS = numberOption('accounts', 1_000_000);
/** `--keep`: leave the database for EXPLAIN (its name is printed). */
const KEEP = process.argv.includes('--keep');

const SENTENCES = [
  '近期冒充客服的电信诈骗案件高发，请勿向陌生账户转账',
  '受降雪影响，部分路段实行临时交通管制，请广大驾驶员减速慢行',
  '今日成功破获一起入室盗窃案，抓获犯罪嫌疑人两名',
  '户籍窗口周六上午正常办公，办理身份证请携带户口簿',
  '今日召开新闻发布会，通报前三季度经济运行情况',
  '公共自行车服务点新增两百处，市民可凭市民卡免费借用',
  '老旧小区改造工程本月开工，涉及居民一万两千户',
  '今夜到明天有中雪，最低气温零下八度，请注意防寒保暖',
  '今天上午九时公开审理一起民间借贷纠纷案件',
  '本月共审结各类案件三百余件，执行到位金额四千八百万元',
  '本周五举办检察开放日活动，欢迎市民报名参观',
  '中秋国庆期间严禁公款送礼公款吃喝，欢迎社会各界监督举报',
  '感谢网友关注，我们将及时发布权威信息回应社会关切',
  '办公地点搬迁通知：自下月起迁至新址办公',
  '高速公路清明节期间小型客车免费通行',
  '春运首日铁路发送旅客同比增长百分之八',
  '森林防火期内严禁野外用火，违者依法追究责任',
  '义务献血活动走进社区，共有两百余名群众参与',
  '城区部分路段明日停水，请居民提前做好储水准备',
  '暴雨蓝色预警：预计未来六小时降雨量将达五十毫米以上',
  '垃圾分类知识进校园，小手拉大手共建美丽家园',
  '农村医疗保险参保缴费工作已经启动',
  '食品安全专项检查发现问题商户十二家，已责令整改',
  '消防安全提示：冬季取暖注意用电安全',
];
const TAGS = ['平安提示', '交通提示', '政务公开', '便民服务', '民生实事', '天气', '司法公开', '以案释法', '清风', '警情通报'];

/** `k` consecutive Chinese characters cut at random from one of `texts` (within one run of them, as a person would type them). */
function cut(rng: () => number, texts: readonly string[], k: number): string {
  for (;;) {
    const runs = (texts[Math.floor(rng() * texts.length)] as string).match(/\p{Script=Han}+/gu) ?? [];
    const long = runs.map((r) => [...r]).filter((r) => r.length >= k);
    if (long.length === 0) continue;
    const chars = long[Math.floor(rng() * long.length)] as string[];
    const at = Math.floor(rng() * (chars.length - k + 1));
    return chars.slice(at, at + k).join('');
  }
}

function percentile(sorted: number[], p: number): number {
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number) * 10) / 10;
}

async function run(dialect: 'sqlite' | 'postgres') {
  const bench = await benchDatabase(dialect, 'search');
  const ctx = await bench.open();
  try {
    if (dialect === 'sqlite') await sql`pragma cache_size = -65536`.execute(ctx.db);
    // The population spreads over four providers, whose handles may repeat between them: here all live on one.
    const seen = new Map<string, number>();
    const pop = buildPopulation();
    pop.accounts = pop.accounts.slice(0, ACCOUNTS).map((a) => {
      const n = seen.get(a.handle) ?? 0;
      seen.set(a.handle, n + 1);
      return n === 0 ? a : { ...a, handle: `${a.handle.slice(0, 26)}_${n}` };
    });
    let t = performance.now();
    const { reviewer } = await seedStaff(ctx, '2009-08-01T00:00:00Z');
    await seedAccounts(ctx, pop.accounts, Number(reviewer.id));
    const accountsMs = ms(t);
    process.stderr.write(`search bench ${dialect}: ${pop.accounts.length} accounts seeded and indexed in ${(accountsMs / 1000).toFixed(1)} s\n`);

    const ids = (await ctx.db.selectFrom('accounts').select('id').where('username', '!=', 'admin').where('username', '!=', 'reviewer').execute()).map((r) => Number(r.id));
    const places = pop.accounts.map((a) => a.name);
    const rng = mulberry32(20121220);
    const texts: string[] = [];
    t = performance.now();
    const base = Date.parse('2012-01-01T00:00:00Z');
    for (let done = 0; done < STATUSES; done += BATCH) {
      const n = Math.min(BATCH, STATUSES - done);
      await transaction(ctx, async (trx) => {
        const rows = Array.from({ length: n }, (_, i) => {
          const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)] as T;
          const text = `#${pick(TAGS)}# ${pick(places)}：${pick(SENTENCES)}。${pick(SENTENCES)}。`;
          if (texts.length < 5000 && rng() < 0.01) texts.push(text);
          return {
            account_id: pick(ids),
            operator_id: null,
            text,
            content: `<p>${text}</p>`,
            spoiler_text: '',
            visibility: rng() < 0.05 ? ('private' as const) : ('public' as const),
            language: 'zh',
            in_reply_to_id: null,
            in_reply_to_account_id: null,
            reblog_of_id: null,
            conversation_id: null,
            application_name: null,
            fanned_out: 1,
            created_at: new Date(base + (done + i) * 20_000).toISOString(),
            edited_at: null,
            deleted_at: null,
          };
        });
        const inserted = await trx.insertInto('statuses').values(rows).returning(['id', 'text', 'spoiler_text', 'reblog_of_id', 'deleted_at']).execute();
        await indexStatuses(
          trx,
          inserted.map((r) => ({ ...r, id: Number(r.id), reblog_of_id: null })),
        );
      });
      if ((done / BATCH) % 50 === 0) process.stderr.write(`search bench ${dialect}: ${done + n} statuses\n`);
    }
    const statusesMs = ms(t);
    if (dialect === 'postgres') for (const table of ['accounts', 'gov_profiles', 'statuses', 'search_accounts', 'search_account_terms', 'search_statuses', 'search_status_terms']) await sql`vacuum analyze ${sql.table(table)}`.execute(ctx.db);
    const terms = await sql<{ a: number; s: number }>`select (select count(*) from search_account_terms) as a, (select count(*) from search_status_terms) as s`.execute(ctx.db);

    const citizen = await createUser(ctx, { username: 'benchreader', role: 'user' });
    const app = await buildApp(ctx);
    await app.ready();
    const accountTexts = pop.accounts.flatMap((a) => [a.name, a.verification]);
    const figures: Record<string, { p50: number; p99: number; hits: number; p50_repeat: number; p99_repeat: number }> = {};
    for (const type of ['accounts', 'statuses'] as const) {
      for (const k of [2, 3, 4]) {
        const qs = Array.from({ length: QUERIES }, () => cut(rng, type === 'accounts' ? accountTexts : texts, k));
        // Warm-up: the first queries pay for pages the database has not read yet.
        for (const q of qs.slice(0, 20)) await app.inject({ method: 'GET', url: `/api/v2/search?type=${type}&q=${encodeURIComponent(q)}`, headers: { authorization: `Bearer ${citizen.access_token}` } });
        const times: number[] = [];
        const slow: [number, string][] = [];
        let hits = 0;
        for (const q of qs) {
          const t0 = performance.now();
          const res = await app.inject({ method: 'GET', url: `/api/v2/search?type=${type}&q=${encodeURIComponent(q)}`, headers: { authorization: `Bearer ${citizen.access_token}` } });
          times.push(performance.now() - t0);
          slow.push([performance.now() - t0, q]);
          if (res.statusCode !== 200) throw new Error(`${q}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          if ((JSON.parse(res.body)[type] as unknown[]).length > 0) hits += 1;
        }
        times.sort((a, b) => a - b);
        slow.sort((a, b) => b[0] - a[0]);
        // The same queries again: what a repeated query costs once its pages are read, apart from the machine's stalls.
        const repeat: number[] = [];
        for (const q of qs) {
          const t0 = performance.now();
          await app.inject({ method: 'GET', url: `/api/v2/search?type=${type}&q=${encodeURIComponent(q)}`, headers: { authorization: `Bearer ${citizen.access_token}` } });
          repeat.push(performance.now() - t0);
        }
        repeat.sort((a, b) => a - b);
        process.stderr.write(`search ${dialect} ${type}_${k} slowest: ${slow.slice(0, 3).map(([t, q]) => `${q} ${t.toFixed(1)} ms`).join(', ')}\n`);
        figures[`${type}_${k}`] = { p50: percentile(times, 0.5), p99: percentile(times, 0.99), hits, p50_repeat: percentile(repeat, 0.5), p99_repeat: percentile(repeat, 0.99) };
      }
    }
    await app.close();
    const out = {
      bench: 'search',
      dialect,
      accounts: pop.accounts.length,
      statuses: STATUSES,
      queries_per_figure: QUERIES,
      account_terms: Number(terms.rows[0]?.a),
      status_terms: Number(terms.rows[0]?.s),
      seed_accounts_s: Math.round(accountsMs / 100) / 10,
      seed_statuses_s: Math.round(statusesMs / 100) / 10,
      latency_ms: figures,
    };
    console.log(JSON.stringify(out));
    process.stderr.write(
      `search ${dialect}: ${Object.entries(figures)
        .map(([k, v]) => `${k} p50 ${v.p50} / p99 ${v.p99} ms (again ${v.p50_repeat} / ${v.p99_repeat}; ${v.hits}/${QUERIES} found)`)
        .join('; ')}\n`,
    );
  } finally {
    await ctx.close();
    if (KEEP) process.stderr.write(`search bench ${dialect}: kept ${bench.schema ?? bench.config.db}\n`);
    else await bench.drop();
  }
}

for (const d of dialectsOf()) await run(d);
