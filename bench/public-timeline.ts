/**
 * What the moderation predicate (silenced and suspended accounts, issue 13)
 * costs the public and hashtag timelines' page cut, on SQLite and on
 * PostgreSQL: the ids query of each timeline as it runs now, against the same
 * query without the predicate, on a population of accounts (by default 10 in
 * 10,000 silenced, 5 suspended) and public statuses (a tenth of them tagged). Prints one JSON
 * line per dialect: µs per page of 20 for both forms (the median of 15
 * alternating rounds), and the ratio.
 *
 *   npx tsx bench/public-timeline.ts [--dialect sqlite|postgres|both] [--accounts N] [--posts N] [--pages N] [--silenced N] [--suspended N]
 *
 * Default: 10k accounts, 100k posts, 2000 pages per form.
 */
import { newAccount } from '../src/accounts/accounts.repository.js';
import type { Executor } from '../src/db/database.js';
import { mulberry32 } from '../src/app/random.js';
import { publicTimelineIds, tagTimelineIds } from '../src/timelines/timelines.repository.js';
import { hiddenAuthorsFor } from '../src/moderation/hidden-authors.js';
import { benchDatabase, dialectsOf, insertChunked, numberOption, settle } from './bench-db.js';

const accounts = numberOption('accounts', 10_000);
const posts = numberOption('posts', 100_000);
const pages = numberOption('pages', 2000);
/** Accounts per 10,000 silenced, and suspended. */
const silencedPer10k = numberOption('silenced', 10);
const suspendedPer10k = numberOption('suspended', 5);

/** The ids queries as they were before the moderation predicate: the baseline. */
async function plainPublic(db: Executor, maxId: number | undefined): Promise<number[]> {
  let q = db.selectFrom('statuses').select('id').where('visibility', '=', 'public').where('reblog_of_id', 'is', null).where('deleted_at', 'is', null);
  if (maxId !== undefined) q = q.where('id', '<', maxId);
  const rows = await q.orderBy('id', 'desc').limit(20).execute();
  return rows.map((r) => Number(r.id));
}

async function plainTag(db: Executor, name: string, maxId: number | undefined): Promise<number[]> {
  let q = db
    .selectFrom('status_tags')
    .innerJoin('tags', 'tags.id', 'status_tags.tag_id')
    .innerJoin('statuses', 'statuses.id', 'status_tags.status_id')
    .select('statuses.id as id')
    .where('tags.name', '=', name)
    .where('statuses.visibility', '=', 'public')
    .where('statuses.deleted_at', 'is', null);
  if (maxId !== undefined) q = q.where('statuses.id', '<', maxId);
  const rows = await q.orderBy('statuses.id', 'desc').limit(20).execute();
  return rows.map((r) => Number(r.id));
}

/** Mean µs a page over `n` pages, paging down through the timeline and back to the top when it ends, as readers scroll. */
async function batchMicros(run: (maxId: number | undefined) => Promise<number[]>, n: number): Promise<number> {
  let maxId: number | undefined;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const ids = await run(maxId);
    maxId = ids.length === 20 ? ids[ids.length - 1] : undefined;
  }
  return ((performance.now() - started) * 1000) / n;
}

/**
 * The two forms measured in alternating rounds, the median round of each
 * kept: on a machine others share, a slow spell then hits both alike.
 */
async function compare(plain: (maxId: number | undefined) => Promise<number[]>, moderated: (maxId: number | undefined) => Promise<number[]>) {
  const rounds = 15;
  const a: number[] = [];
  const b: number[] = [];
  await batchMicros(plain, 50);
  await batchMicros(moderated, 50);
  for (let r = 0; r < rounds; r++) {
    a.push(await batchMicros(plain, Math.ceil(pages / rounds)));
    b.push(await batchMicros(moderated, Math.ceil(pages / rounds)));
  }
  const median = (xs: number[]) => Math.round([...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number);
  return { plain: median(a), moderated: median(b) };
}

for (const dialect of dialectsOf()) {
  const bench = await benchDatabase(dialect, 'public');
  const ctx = await bench.open();
  try {
    const random = mulberry32(13);
    const now = new Date('2026-12-01T00:00:00Z').toISOString();
    await insertChunked(
      ctx,
      'accounts',
      Array.from({ length: accounts }, (_, i) => {
        const x = random();
        return { ...newAccount({ username: `p${i}`, email: null, passwordHash: null, role: 'user' }, now), silenced_at: x < silencedPer10k / 10_000 ? now : null, suspended_at: x > 1 - suspendedPer10k / 10_000 ? now : null, closed_at: x > 1 - suspendedPer10k / 10_000 ? now : null };
      }),
    );
    const firstId = Number((await ctx.db.selectFrom('accounts').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()).id);
    await insertChunked(
      ctx,
      'statuses',
      Array.from({ length: posts }, (_, i) => ({
        account_id: firstId + Math.floor(random() * accounts),
        text: `post ${i}`,
        content: `<p>post ${i}</p>`,
        spoiler_text: '',
        visibility: 'public' as const,
        language: 'zh',
        in_reply_to_id: null,
        in_reply_to_account_id: null,
        reblog_of_id: null,
        conversation_id: null,
        application_name: null,
        fanned_out: 1,
        created_at: now,
        edited_at: null,
        deleted_at: null,
      })),
    );
    await ctx.db.insertInto('tags').values({ name: '测试', display: '测试' }).execute();
    const tagId = Number((await ctx.db.selectFrom('tags').select('id').executeTakeFirstOrThrow()).id);
    const firstStatus = Number((await ctx.db.selectFrom('statuses').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()).id);
    await insertChunked(ctx, 'status_tags', Array.from({ length: Math.floor(posts / 10) }, (_, i) => ({ status_id: firstStatus + i * 10, tag_id: tagId })));
    await settle(ctx, ['accounts', 'statuses', 'status_tags', 'tags']);
    const w = (maxId: number | undefined) => ({ limit: 20, ...(maxId !== undefined ? { maxId } : {}) });
    const pub = await compare((m) => plainPublic(ctx.db, m), async (m) => publicTimelineIds(ctx.db, w(m), false, await hiddenAuthorsFor(ctx)));
    const tag = await compare((m) => plainTag(ctx.db, '测试', m), async (m) => tagTimelineIds(ctx.db, '测试', w(m), false, await hiddenAuthorsFor(ctx)));
    const out = { dialect, accounts, posts, public_plain_us: pub.plain, public_moderated_us: pub.moderated, tag_plain_us: tag.plain, tag_moderated_us: tag.moderated };
    console.log(JSON.stringify({ ...out, public_ratio: +(out.public_moderated_us / out.public_plain_us).toFixed(2), tag_ratio: +(out.tag_moderated_us / out.tag_plain_us).toFixed(2) }));
  } finally {
    await ctx.close();
    await bench.drop();
  }
}
