import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import { mayView } from './status.policy.js';
import { type StatusRow, viewerFacts } from './statuses.repository.js';

/** Keeps the statuses the viewer may see, with two queries for the whole batch. */
export async function visibleTo(db: Executor, viewer: AccountRow | null, rows: readonly StatusRow[]): Promise<StatusRow[]> {
  const restricted = rows.filter((r) => r.visibility === 'private' || r.visibility === 'direct');
  if (!viewer || restricted.length === 0) return rows.filter((r) => mayView(viewer, r, { followsAuthor: false, mentioned: false }));
  const authorIds = [...new Set(restricted.map((r) => Number(r.account_id)))];
  const { followed, mentioned } = await viewerFacts(db, Number(viewer.id), authorIds, restricted.map((r) => Number(r.id)));
  return rows.filter((r) => mayView(viewer, r, { followsAuthor: followed.has(Number(r.account_id)), mentioned: mentioned.has(Number(r.id)) }));
}

/** One status the viewer may see, or undefined (callers answer 404: a hidden status does not exist). */
export async function visibleOne(db: Executor, viewer: AccountRow | null, row: StatusRow | undefined): Promise<StatusRow | undefined> {
  if (!row) return undefined;
  const [kept] = await visibleTo(db, viewer, [row]);
  return kept;
}

/**
 * The same rule as `mayView`, as a condition on the statuses row `alias`, for
 * the query that applies a page's `limit` (STYLE.md §17): filtered afterwards,
 * a page comes back short and its cursor wrong. `visibleTo` stays the plain
 * form; a test holds the two to the same answers.
 */
export function visibleToSql(viewer: AccountRow | null, alias = 'statuses'): RawBuilder<SqlBool> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const anyone = sql<SqlBool>`${col('visibility')} in ('public', 'unlisted')`;
  if (!viewer) return anyone;
  const me = Number(viewer.id);
  return sql<SqlBool>`(${anyone}
    or ${col('account_id')} = ${me}
    or exists (select 1 from mentions vm where vm.status_id = ${col('id')} and vm.account_id = ${me})
    or (${col('visibility')} = 'private' and exists (select 1 from follows vf where vf.account_id = ${me} and vf.target_account_id = ${col('account_id')})))`;
}
