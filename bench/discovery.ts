/**
 * What discovery costs at demo scale (issue 13): trends computed at read time
 * from a few hundred thousand recent statuses, and suggestions over the
 * verified organs of the demo's population. For each dialect:
 *
 *   1. seeds accounts from the demo population (its verified organs with their
 *      provinces), statuses spread over the last seven days (a third with a
 *      hashtag from a long tail of 300, five of them bursting today), their
 *      interaction counters (most none, a few dozens), and follows from
 *      citizens to organs;
 *   2. times the three rankings computed cold (the work a request does every
 *      five minutes), then GET /api/v1/trends/tags, /trends/statuses and
 *      /trends/links warm (served from the ranking kept), and
 *      GET /api/v2/suggestions for citizens who follow organs of one province.
 *      Links: 2,000 article cards on one approved site, one public status in
 *      twenty showing one of them (a long tail), and five bursting today.
 *
 *   npx tsx bench/discovery.ts [--dialect sqlite|postgres|both] [--accounts N] [--statuses N] [--readers N]
 *
 * Default: 20k accounts, 300k statuses, 50 readers. Prints one JSON line per dialect.
 */
import { sql } from 'kysely';
import { mulberry32 } from '../src/app/random.js';
import { buildApp } from '../src/http/app.js';
import { buildPopulation } from '../src/demo/population.js';
import { seedAccounts, seedStaff } from '../src/demo/seed.js';
import { mintToken } from '../src/oauth/tokens.js';
import { computeLinkRanking, computeStatusRanking, computeTagRanking } from '../src/trends/trends.js';
import { benchDatabase, dialectsOf, insertChunked, ms, numberOption, settle } from './bench-db.js';

const ACCOUNTS = numberOption('accounts', 20_000);
const STATUSES = numberOption('statuses', 300_000);
const READERS = numberOption('readers', 50);
const DAY = 86_400_000;

function percentile(sorted: number[], p: number): number {
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number) * 10) / 10;
}

async function run(dialect: 'sqlite' | 'postgres') {
  const bench = await benchDatabase(dialect, 'discovery');
  const ctx = await bench.open();
  try {
    const rng = mulberry32(20121220);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)] as T;
    const seen = new Map<string, number>();
    const pop = buildPopulation();
    const accounts = pop.accounts.slice(0, ACCOUNTS).map((a) => {
      const n = seen.get(a.handle) ?? 0;
      seen.set(a.handle, n + 1);
      return n === 0 ? a : { ...a, handle: `${a.handle.slice(0, 26)}_${n}` };
    });
    let t = performance.now();
    const { reviewer } = await seedStaff(ctx, '2009-08-01T00:00:00Z');
    await seedAccounts(ctx, accounts, Number(reviewer.id));
    const ids = (await ctx.db.selectFrom('accounts').select('id').execute()).map((r) => Number(r.id));
    const organs = await ctx.db.selectFrom('gov_profiles').select(['account_id', 'province']).where('kind', '=', 'institutional').execute();
    await ctx.db.updateTable('accounts').set({ discoverable: 1 }).execute();

    // Tags: a long tail, and five bursting today.
    const tagIds: number[] = [];
    for (let i = 0; i < 300; i++) tagIds.push(Number((await ctx.db.insertInto('tags').values({ name: `话题${i}`, display: `话题${i}` }).returning('id').executeTakeFirstOrThrow()).id));
    const now = Date.now();
    const statusRows = function* () {
      for (let i = 0; i < STATUSES; i++) {
        const age = rng() * 7 * DAY;
        const hot = rng() < 0.3 ? Math.floor(rng() ** 2 * 300) : -1;
        const interactions = rng() < 0.97 ? 0 : Math.floor(rng() * 60);
        yield {
          account_id: pick(ids),
          operator_id: null,
          text: hot >= 0 ? `#话题${hot}# 通知` : '通知',
          content: '<p>通知</p>',
          spoiler_text: '',
          visibility: rng() < 0.05 ? ('private' as const) : ('public' as const),
          language: 'zh',
          in_reply_to_id: null,
          in_reply_to_account_id: null,
          reblog_of_id: null,
          conversation_id: null,
          application_name: null,
          fanned_out: 1,
          favourites_count: interactions,
          reblogs_count: Math.floor(interactions / 3),
          created_at: new Date(now - age).toISOString(),
          edited_at: null,
          deleted_at: null,
        };
      }
    };
    await insertChunked(ctx, 'statuses', statusRows(), 500);
    // Hashtags: from the text, one row a tagged status; bursts on five tags in the last hours by many accounts.
    const tagged = await ctx.db.selectFrom('statuses').select(['id', 'text']).where('text', 'like', '#%').execute();
    await insertChunked(ctx, 'status_tags', tagged.map((s) => ({ status_id: Number(s.id), tag_id: tagIds[Number(/#话题(\d+)#/.exec(s.text)?.[1])] as number })), 2000);
    const burst = [];
    for (let k = 0; k < 5; k++) for (let j = 0; j < 40 + k * 20; j++) burst.push({ account: pick(ids), tag: tagIds[250 + k] as number, at: now - rng() * 6 * 3_600_000 });
    for (const b of burst) {
      const row = await ctx.db.insertInto('statuses').values({ account_id: b.account, operator_id: null, text: '#热#', content: '', spoiler_text: '', visibility: 'public', language: 'zh', in_reply_to_id: null, in_reply_to_account_id: null, reblog_of_id: null, conversation_id: null, application_name: null, fanned_out: 1, created_at: new Date(b.at).toISOString(), edited_at: null, deleted_at: null }).returning('id').executeTakeFirstOrThrow();
      await ctx.db.insertInto('status_tags').values({ status_id: Number(row.id), tag_id: b.tag }).execute();
    }
    // A reviewer allowed every hashtag (the provider's default lets none trend unreviewed).
    await ctx.db.updateTable('tags').set({ trendable: 1, reviewed_at: new Date(now).toISOString() }).execute();
    // Links: article cards fit for trends, on one site whose links a reviewer allowed.
    const cardRows = Array.from({ length: 2000 }, (_, i) => ({
      url: `https://news.example/a/${i}`, title: `通知${i}`, description: '全文', type: 'link', author_name: '', author_url: '', provider_name: '新闻网',
      provider_url: '', language: 'zh', published_at: null, image_key: `cards/${i}.jpg`, image_description: '', width: 640, height: 360, blurhash: null,
      usable: 1, fetched_at: new Date(now).toISOString(), trendable: null, link_type: 'article',
    }));
    await insertChunked(ctx, 'preview_cards', cardRows, 500);
    const cardIds = (await ctx.db.selectFrom('preview_cards').select('id').orderBy('id').execute()).map((r) => Number(r.id));
    await ctx.db.insertInto('preview_card_providers').values({ domain: 'news.example', trendable: 1, reviewed_at: new Date(now).toISOString(), requested_review_at: null, created_at: new Date(now).toISOString(), updated_at: new Date(now).toISOString() }).execute();
    const carded = (await ctx.db.selectFrom('statuses').select('id').where(sql<boolean>`id % 20 = 0`).where('text', 'not like', '#热#%').execute()).map((r) => Number(r.id));
    await insertChunked(ctx, 'status_cards', carded.map((id) => ({ status_id: id, preview_card_id: cardIds[Math.floor(rng() ** 2 * 1990)] as number })), 2000);
    const hot = (await ctx.db.selectFrom('statuses').select('id').where('text', '=', '#热#').execute()).map((r) => Number(r.id));
    await insertChunked(ctx, 'status_cards', hot.map((id, i) => ({ status_id: id, preview_card_id: cardIds[1995 + (i % 5)] as number })), 2000);
    // Readers: citizens each following 10 organs of one province; organs' follower counts spread.
    const byProvince = new Map<string, number[]>();
    for (const o of organs) if (o.province) byProvince.set(o.province, [...(byProvince.get(o.province) ?? []), Number(o.account_id)]);
    const provinces = [...byProvince.keys()];
    const readers = ids.filter((id) => !organs.some((o) => Number(o.account_id) === id)).slice(0, READERS);
    const follows = readers.flatMap((r) => {
      const list = byProvince.get(pick(provinces)) ?? [];
      return [...new Set(Array.from({ length: 10 }, () => pick(list)))].map((target) => ({ account_id: r, target_account_id: target, created_at: new Date(now).toISOString() }));
    });
    await insertChunked(ctx, 'follows', follows, 1000);
    for (const o of organs) await ctx.db.updateTable('accounts').set({ followers_count: Math.floor(rng() ** 3 * 100_000) }).where('id', '=', Number(o.account_id)).execute();
    await settle(ctx, ['accounts', 'gov_profiles', 'statuses', 'status_tags', 'follows', 'tags', 'preview_cards', 'status_cards', 'preview_card_providers']);
    if (dialect === 'sqlite') await sql`analyze`.execute(ctx.db);
    const seedMs = ms(t);
    process.stderr.write(`discovery bench ${dialect}: ${ids.length} accounts (${organs.length} organs), ${STATUSES + burst.length} statuses seeded in ${(seedMs / 1000).toFixed(1)} s\n`);

    if (process.argv.includes('--explain') && dialect === 'postgres') {
      const since = new Date(now - 4 * DAY).toISOString();
      for (const q of [
        sql`explain analyze select st.tag_id, s.account_id, s.created_at from statuses s join status_tags st on st.status_id = s.id join accounts a on a.id = s.account_id where s.created_at >= ${since} and s.visibility = 'public' and s.reblog_of_id is null and s.deleted_at is null and a.closed_at is null`,
      ]) {
        const plan = await q.execute(ctx.db);
        process.stderr.write((plan.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n') + '\n');
      }
    }
    t = performance.now();
    const tags = await computeTagRanking(ctx, Date.now());
    const tagsColdMs = ms(t);
    t = performance.now();
    const { recentTagUses } = await import('../src/trends/trends.repository.js');
    const usesQueryMs = (await recentTagUses(ctx.db, new Date(Date.now() - 4 * DAY).toISOString()), ms(t));
    t = performance.now();
    const statuses = await computeStatusRanking(ctx, Date.now());
    const statusesColdMs = ms(t);
    t = performance.now();
    const links = await computeLinkRanking(ctx, Date.now());
    const linksColdMs = ms(t);
    t = performance.now();
    const { recentLinkShares } = await import('../src/trends/trends.repository.js');
    const sharesQueryMs = (await recentLinkShares(ctx.db, new Date(Date.now() - 4 * DAY).toISOString()), ms(t));
    const recentUses = Number((await ctx.db.selectFrom('statuses as s').innerJoin('status_tags as st', 'st.status_id', 's.id').select((eb) => eb.fn.countAll<number>().as('n')).where('s.created_at', '>=', new Date(now - 4 * DAY).toISOString()).executeTakeFirstOrThrow()).n);

    const app = await buildApp(ctx);
    await app.ready();
    const timed = async (url: string, token?: string, n = 50) => {
      // The first request computes the ranking (timed above); these are the readers after it.
      await app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
        times.push(performance.now() - t0);
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      times.sort((a, b) => a - b);
      return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
    };
    const trendTags = await timed('/api/v1/trends/tags');
    const trendStatuses = await timed('/api/v1/trends/statuses');
    const trendLinks = await timed('/api/v1/trends/links');
    const tokens = await Promise.all(readers.map(async (r) => (await mintToken(ctx, ctx.db, { appId: null, accountId: r, scopes: ['read'] })).access_token));
    const times: number[] = [];
    for (const token of tokens) {
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url: '/api/v2/suggestions?limit=40', headers: { authorization: `Bearer ${token}` } });
      times.push(performance.now() - t0);
      if (res.statusCode !== 200) throw new Error(`suggestions: ${res.statusCode}`);
    }
    times.sort((a, b) => a - b);
    await app.close();
    const out = {
      bench: 'discovery',
      dialect,
      accounts: ids.length,
      organs: organs.length,
      statuses: STATUSES + burst.length,
      tag_uses_last_4_days: recentUses,
      trending_tags: tags.ids.length,
      trending_statuses: statuses.ids.length,
      link_shares: carded.length + hot.length,
      trending_links: links.ids.length,
      tag_ranking_cold_ms: tagsColdMs,
      tag_uses_query_ms: usesQueryMs,
      status_ranking_cold_ms: statusesColdMs,
      link_ranking_cold_ms: linksColdMs,
      link_shares_query_ms: sharesQueryMs,
      trends_tags_warm_ms: trendTags,
      trends_statuses_warm_ms: trendStatuses,
      trends_links_warm_ms: trendLinks,
      suggestions_ms: { p50: percentile(times, 0.5), p99: percentile(times, 0.99) },
    };
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    await ctx.close();
    await bench.drop();
  }
}

for (const d of dialectsOf()) await run(d);
