import { sql } from 'kysely';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Role } from '../accounts/accounts.table.js';
import type { Executor } from '../db/database.js';

export const ACCOUNT_STATUSES = ['active', 'pending', 'disabled', 'silenced', 'suspended', 'sensitized'] as const;
/** The standing filter of Mastodon's AccountFilter (`status`). */
export type AccountStatusFilter = (typeof ACCOUNT_STATUSES)[number];

/** What GET /api/v1|v2/admin/accounts filter by, translated to one form. */
export interface AdminAccountQuery {
  origin?: 'local' | 'remote' | undefined;
  status?: AccountStatusFilter | undefined;
  roles?: readonly Role[] | undefined;
  /** A prefix of the username, any case. */
  username?: string | undefined;
  /** Part of the display name, any case. */
  displayName?: string | undefined;
  /** Part of the e-mail address. */
  email?: string | undefined;
  /** Accounts of this remote host only (Mastodon's `by_domain`). */
  domain?: string | undefined;
  /** A filter nothing here can meet (an IP address, a domain, an inviter: this provider records none). */
  nothing?: boolean | undefined;
  maxId?: number | undefined;
  sinceId?: number | undefined;
  minId?: number | undefined;
  limit: number;
}

/** LIKE's wildcards taken literally. */
function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A page of accounts as Mastodon's AccountFilter cuts it, newest first (min_id reads the page just above the cursor). */
export async function listAdminAccounts(db: Executor, q: AdminAccountQuery): Promise<AccountRow[]> {
  // Every account is open from sign-up (pending matches none); remote accounts have no role but `user`.
  if (q.nothing || q.status === 'pending' || q.roles?.length === 0) return [];
  let query = db.selectFrom('accounts').selectAll();
  if (q.origin === 'local') query = query.where('domain', 'is', null);
  if (q.origin === 'remote') query = query.where('domain', 'is not', null);
  if (q.domain !== undefined) query = query.where('domain', '=', q.domain.trim().toLowerCase());
  switch (q.status) {
    case 'active':
      query = query.where('suspended_at', 'is', null);
      break;
    case 'disabled':
      query = query.where('disabled_at', 'is not', null).where('suspended_at', 'is', null);
      break;
    case 'silenced':
      query = query.where('silenced_at', 'is not', null);
      break;
    case 'suspended':
      query = query.where('suspended_at', 'is not', null);
      break;
    case 'sensitized':
      query = query.where('sensitized_at', 'is not', null);
      break;
    default:
      break;
  }
  if (q.roles !== undefined) query = query.where('role', 'in', [...q.roles]);
  if (q.username) query = query.where(sql<boolean>`username_key like ${`${likeEscaped(q.username.toLowerCase())}%`} escape '\\'`);
  if (q.displayName) query = query.where(sql<boolean>`lower(display_name) like ${`%${likeEscaped(q.displayName.toLowerCase())}%`} escape '\\'`);
  if (q.email) query = query.where(sql<boolean>`email like ${`%${likeEscaped(q.email.toLowerCase())}%`} escape '\\'`);
  if (q.maxId !== undefined) query = query.where('id', '<', q.maxId);
  if (q.sinceId !== undefined) query = query.where('id', '>', q.sinceId);
  if (q.minId === undefined) return query.orderBy('id', 'desc').limit(q.limit).execute();
  const rows = await query.where('id', '>', q.minId).orderBy('id', 'asc').limit(q.limit).execute();
  return rows.reverse();
}
