import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import { mayView } from './status.policy.js';
import type { StatusRow } from './statuses.repository.js';

/** Keeps the statuses the viewer may see, with two queries for the whole batch. */
export async function visibleTo(db: Executor, viewer: AccountRow | null, rows: readonly StatusRow[]): Promise<StatusRow[]> {
  const restricted = rows.filter((r) => r.visibility === 'private' || r.visibility === 'direct');
  if (!viewer || restricted.length === 0) return rows.filter((r) => mayView(viewer, r, { followsAuthor: false, mentioned: false }));
  const viewerId = Number(viewer.id);
  const authorIds = [...new Set(restricted.map((r) => Number(r.account_id)))];
  const [follows, mentions] = await Promise.all([
    db.selectFrom('follows').select('target_account_id').where('account_id', '=', viewerId).where('target_account_id', 'in', authorIds).execute(),
    db
      .selectFrom('mentions')
      .select('status_id')
      .where('account_id', '=', viewerId)
      .where(
        'status_id',
        'in',
        restricted.map((r) => r.id),
      )
      .execute(),
  ]);
  const followed = new Set(follows.map((f) => Number(f.target_account_id)));
  const mentioned = new Set(mentions.map((m) => Number(m.status_id)));
  return rows.filter((r) => mayView(viewer, r, { followsAuthor: followed.has(Number(r.account_id)), mentioned: mentioned.has(Number(r.id)) }));
}

/** One status the viewer may see, or undefined (callers answer 404: a hidden status does not exist). */
export async function visibleOne(db: Executor, viewer: AccountRow | null, row: StatusRow | undefined): Promise<StatusRow | undefined> {
  if (!row) return undefined;
  const [kept] = await visibleTo(db, viewer, [row]);
  return kept;
}
