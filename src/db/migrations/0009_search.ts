import { type Kysely, sql } from 'kysely';
import { isPostgres } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Search: accounts and statuses cut into terms (CJK character bigrams, prefixes of other words; src/search/tokens.ts),
// the same tables and queries on both dialects. Existing accounts and statuses are indexed here, with a frozen copy of
// the tokenizer as it was when this migration shipped (a later change to the tokenizer reindexes in its own migration).

const PREFIX_MAX = 6;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}_]/u;
const norm = (t: string) => t.normalize('NFKC').toLowerCase();

function terms(normalized: string): string[] {
  const out = new Set<string>();
  const runs: { cjk: boolean; chars: string[] }[] = [];
  let cur: { cjk: boolean; chars: string[] } | null = null;
  for (const ch of normalized) {
    const cjk = CJK.test(ch);
    if (!cjk && !WORD.test(ch)) {
      cur = null;
      continue;
    }
    if (cur && cur.cjk === cjk) cur.chars.push(ch);
    else runs.push((cur = { cjk, chars: [ch] }));
  }
  for (const r of runs) {
    if (r.cjk) {
      if (r.chars.length === 1) out.add(r.chars[0] as string);
      for (let i = 0; i + 1 < r.chars.length; i++) out.add((r.chars[i] as string) + (r.chars[i + 1] as string));
    } else {
      const cs = r.chars.slice(0, PREFIX_MAX);
      for (let i = 1; i <= cs.length; i++) out.add(cs.slice(0, i).join(''));
    }
  }
  return [...out];
}

const BATCH = 10_000;

async function insertAll(db: Kysely<any>, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) await db.insertInto(table).values(rows.slice(i, i + 2000)).execute();
}

const byTerm = (a: unknown[], b: unknown[]) => ((a[0] as string) < (b[0] as string) ? -1 : (a[0] as string) > (b[0] as string) ? 1 : 0);

/** Term rows as one JSON parameter per 20,000, in key order: a plain multi-row insert made the backfill several times slower. */
async function insertTerms(db: Kysely<any>, table: 'search_account_terms' | 'search_status_terms', rows: unknown[][]): Promise<void> {
  rows.sort(byTerm);
  const pg = isPostgres(db);
  for (let i = 0; i < rows.length; i += 20_000) {
    const json = JSON.stringify(rows.slice(i, i + 20_000));
    if (table === 'search_account_terms') {
      if (pg) await sql`insert into search_account_terms (term, rank, account_id) select x->>0, (x->>1)::integer, (x->>2)::bigint from json_array_elements(${json}::json) x`.execute(db);
      else await sql`insert into search_account_terms (term, rank, account_id) select value->>0, value->>1, value->>2 from json_each(${json})`.execute(db);
    } else if (pg) await sql`insert into search_status_terms (term, status_id) select x->>0, (x->>1)::bigint from json_array_elements(${json}::json) x`.execute(db);
    else await sql`insert into search_status_terms (term, status_id) select value->>0, value->>1 from json_each(${json})`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const withoutRowid = (t: any) => (pg ? t : t.modifyEnd(sql`without rowid`));
  await db.schema
    .createTable('search_accounts')
    .addColumn('account_id', 'bigint', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .execute();
  await withoutRowid(
    db.schema
      .createTable('search_account_terms')
      .addColumn('term', 'text', (c) => c.notNull())
      .addColumn('account_id', 'bigint', (c) => c.notNull())
      .addColumn('rank', 'integer', (c) => c.notNull())
      // Rank inside the key: a term's best accounts come first in one range, and every term row of an account carries the same rank.
      .addPrimaryKeyConstraint('search_account_terms_pk', ['term', 'rank', 'account_id']),
  ).execute();
  await db.schema
    .createTable('search_statuses')
    .addColumn('status_id', 'bigint', (c) => c.primaryKey().references('statuses.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await withoutRowid(
    db.schema
      .createTable('search_status_terms')
      .addColumn('term', 'text', (c) => c.notNull())
      .addColumn('status_id', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('search_status_terms_pk', ['term', 'status_id']),
  ).execute();

  // A bulk load on SQLite: a larger page cache for it (64 MiB; SQLite's default is 2 MiB), as it was after.
  const cache = pg ? undefined : (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size;
  if (!pg) await sql`pragma cache_size = -65536`.execute(db);
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom('accounts as a')
      .leftJoin('gov_profiles as g', 'g.account_id', 'a.id')
      .select(['a.id', 'a.username', 'a.display_name', 'a.followers_count', 'g.verification', 'g.account_id as gov_id'])
      .where('a.id', '>', after)
      .where('a.closed_at', 'is', null)
      .orderBy('a.id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    after = Number(rows[rows.length - 1]!.id);
    const docs: Record<string, unknown>[] = [];
    const ts: unknown[][] = [];
    for (const r of rows) {
      const fields = [r.display_name, r.username, r.verification ?? ''].map((f: string) => norm(f));
      const text = fields.join('\n');
      const rank = (r.gov_id !== null ? 1000 : 0) + Math.floor(Math.log2(Math.max(0, Number(r.followers_count)) + 1));
      const set = new Set(fields.flatMap(terms));
      const first = [...(fields[0] as string).trim()][0];
      if (first && CJK.test(first)) set.add(`^${first}`);
      docs.push({ account_id: Number(r.id), text, rank });
      for (const term of set) ts.push([term, rank, Number(r.id)]);
    }
    await insertAll(db, 'search_accounts', docs);
    await insertTerms(db, 'search_account_terms', ts);
  }

  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom('statuses')
      .select(['id', 'text', 'spoiler_text'])
      .where('id', '>', after)
      .where('deleted_at', 'is', null)
      .where('reblog_of_id', 'is', null)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    after = Number(rows[rows.length - 1]!.id);
    const docs: Record<string, unknown>[] = [];
    const ts: unknown[][] = [];
    for (const r of rows) {
      const text = norm(r.spoiler_text ? `${r.spoiler_text}\n${r.text}` : r.text);
      docs.push({ status_id: Number(r.id), text });
      for (const term of new Set(text.split('\n').flatMap(terms))) ts.push([term, Number(r.id)]);
    }
    await insertAll(db, 'search_statuses', docs);
    await insertTerms(db, 'search_status_terms', ts);
  }
  if (cache !== undefined) await sql`pragma cache_size = ${sql.raw(String(Number(cache)))}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_status_terms').execute();
  await db.schema.dropTable('search_statuses').execute();
  await db.schema.dropTable('search_account_terms').execute();
  await db.schema.dropTable('search_accounts').execute();
}
