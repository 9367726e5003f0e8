import { authorize } from '../app/authorize.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { notFound } from '../app/errors.js';
import type { Executor } from '../db/database.js';
import { mayManageList } from './lists.policy.js';
import { type ListRow, findList } from './lists.repository.js';

/** The viewer's list by id; 404 when there is none or it is someone else's (Mastodon's owned_lists.find). */
export async function ownedList(db: Executor, viewer: AccountRow, id: number | null): Promise<ListRow> {
  const list = id === null ? undefined : await findList(db, id);
  if (!list) throw notFound('List');
  authorize(mayManageList(viewer, list), undefined, true);
  return list;
}
