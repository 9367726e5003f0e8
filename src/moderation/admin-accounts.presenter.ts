import type { Context } from '../app/context.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { AdminAccountJson } from '../http/schemas/moderation.js';

/**
 * Mastodon's Admin::Account for each row, with one query for their
 * government profiles. Every account is confirmed and approved from sign-up
 * (a remote one: by its server); no sign-up IPs or invite requests are kept.
 */
export async function presentAdminAccounts(ctx: Context, rows: readonly AccountRow[]): Promise<AdminAccountJson[]> {
  const accounts = await presentAccounts(ctx.db, ctx.config, rows);
  return rows.map((a, i) => ({
    id: String(a.id),
    username: a.username,
    domain: a.domain,
    created_at: a.created_at,
    email: a.email,
    ip: null,
    ips: [],
    role: { id: a.role, name: a.role, color: '', permissions: a.role === 'admin' ? '1' : '0', highlighted: a.role !== 'user' },
    confirmed: true,
    suspended: a.suspended_at !== null,
    silenced: a.silenced_at !== null,
    sensitized: a.sensitized_at !== null,
    disabled: a.disabled_at !== null,
    approved: true,
    locale: a.locale,
    invite_request: null,
    account: accounts[i] as AdminAccountJson['account'],
  }));
}

export async function presentAdminAccount(ctx: Context, row: AccountRow): Promise<AdminAccountJson> {
  const [json] = await presentAdminAccounts(ctx, [row]);
  return json as AdminAccountJson;
}
