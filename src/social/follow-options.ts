import type { Executor } from '../db/database.js';
import { changed } from '../app/transaction.js';

/** Mastodon's follow options: `notify` (a `status` notification on each post), `reblogs` (their reblogs in home), `languages` (only these, null for all). */
export interface FollowOptions {
  notify?: boolean | undefined;
  reblogs?: boolean | undefined;
  languages?: string[] | null | undefined;
}

/** The options as a follows (or follow_requests) row stores them, only those given. */
export function optionColumns(o: FollowOptions): { notify?: number; show_reblogs?: number; languages?: string | null } {
  return {
    ...(o.notify !== undefined ? { notify: o.notify ? 1 : 0 } : {}),
    ...(o.reblogs !== undefined ? { show_reblogs: o.reblogs ? 1 : 0 } : {}),
    ...(o.languages !== undefined ? { languages: o.languages === null || o.languages.length === 0 ? null : JSON.stringify([...new Set(o.languages)]) } : {}),
  };
}

/** Sets the options given on an existing follow; with `reblogs: false`, the followed account's reblogs leave the follower's feed. */
export async function setFollowOptions(db: Executor, accountId: number, targetId: number, o: FollowOptions): Promise<void> {
  const cols = optionColumns(o);
  if (Object.keys(cols).length === 0) return;
  await db.updateTable('follows').set(cols).where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
  if (o.reblogs === false) {
    await db
      .deleteFrom('feeds')
      .where('account_id', '=', accountId)
      .where('author_id', '=', targetId)
      .where('status_id', 'in', (eb) => eb.selectFrom('statuses').select('id').where('account_id', '=', targetId).where('reblog_of_id', 'is not', null))
      .execute();
    changed(db, 'homes', [accountId]);
  }
}

/** Stores the options on a pending follow request, for when it is authorized. */
export async function setRequestOptions(db: Executor, accountId: number, targetId: number, o: FollowOptions): Promise<void> {
  const cols = optionColumns(o);
  if (Object.keys(cols).length === 0) return;
  await db.updateTable('follow_requests').set(cols).where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
}

/** The options a pending request asked for. */
export async function requestOptions(db: Executor, accountId: number, targetId: number): Promise<FollowOptions> {
  const r = await db.selectFrom('follow_requests').select(['notify', 'show_reblogs', 'languages']).where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
  return r ? { notify: Number(r.notify) === 1, reblogs: Number(r.show_reblogs) === 1, languages: r.languages === null ? null : (JSON.parse(r.languages) as string[]) } : {};
}

export interface FollowOptionsRow {
  notify: boolean;
  showReblogs: boolean;
  languages: string[] | null;
}

/** The options of the account's follows of these accounts (or of its requests to them), by target. */
export async function followOptionsAmong(db: Executor, accountId: number, ids: readonly number[]): Promise<Map<number, FollowOptionsRow>> {
  if (ids.length === 0) return new Map();
  const [follows, requests] = await Promise.all([
    db.selectFrom('follows').select(['target_account_id', 'notify', 'show_reblogs', 'languages']).where('account_id', '=', accountId).where('target_account_id', 'in', [...ids]).execute(),
    db.selectFrom('follow_requests').select(['target_account_id', 'notify', 'show_reblogs', 'languages']).where('account_id', '=', accountId).where('target_account_id', 'in', [...ids]).execute(),
  ]);
  const out = new Map<number, FollowOptionsRow>();
  for (const r of [...requests, ...follows]) {
    out.set(Number(r.target_account_id), { notify: Number(r.notify) === 1, showReblogs: Number(r.show_reblogs) === 1, languages: r.languages === null ? null : (JSON.parse(r.languages) as string[]) });
  }
  return out;
}
