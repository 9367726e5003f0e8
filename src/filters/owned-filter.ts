import { authorize } from '../app/authorize.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { notFound } from '../app/errors.js';
import type { Executor } from '../db/database.js';
import { mayManageFilter } from './filters.policy.js';
import { type FilterKeywordRow, type FilterRow, type FilterStatusRow, findFilter, findFilterStatus, findKeyword } from './filters.repository.js';

/** The viewer's filter by id; 404 when there is none or it is someone else's. */
export async function ownedFilter(db: Executor, viewer: AccountRow, id: number | null): Promise<FilterRow> {
  const filter = id === null ? undefined : await findFilter(db, id);
  if (!filter) throw notFound('Filter');
  authorize(mayManageFilter(viewer, filter), undefined, true);
  return filter;
}

/** The viewer's keyword by id, with its filter; 404 as ownedFilter. */
export async function ownedKeyword(db: Executor, viewer: AccountRow, id: number | null): Promise<{ keyword: FilterKeywordRow; filter: FilterRow }> {
  const keyword = id === null ? undefined : await findKeyword(db, id);
  if (!keyword) throw notFound('Keyword');
  return { keyword, filter: await ownedFilter(db, viewer, Number(keyword.custom_filter_id)) };
}

/** The viewer's filtered status by id, with its filter; 404 as ownedFilter. */
export async function ownedFilterStatus(db: Executor, viewer: AccountRow, id: number | null): Promise<{ status: FilterStatusRow; filter: FilterRow }> {
  const status = id === null ? undefined : await findFilterStatus(db, id);
  if (!status) throw notFound('Filter status');
  return { status, filter: await ownedFilter(db, viewer, Number(status.custom_filter_id)) };
}
