import type { Context } from '../app/context.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import type { AccountWarningJson } from '../http/schemas/moderation.js';
import type { AccountWarningRow } from './account-warnings.repository.js';
import { idList } from './reports.repository.js';

/** Mastodon's AccountWarning entities, keyed by id. The moderator who acted is never named. */
export async function presentAccountWarnings(ctx: Context, rows: readonly AccountWarningRow[]): Promise<Map<number, AccountWarningJson>> {
  const targets = await presentAccounts(ctx.db, ctx.config, await findAccountsByIds(ctx.db, [...new Set(rows.map((r) => Number(r.target_account_id)))]));
  const byId = new Map(targets.map((a) => [a.id, a]));
  const out = new Map<number, AccountWarningJson>();
  for (const r of rows) {
    const target = byId.get(String(r.target_account_id));
    if (!target) continue;
    const statusIds = idList(r.status_ids);
    out.set(Number(r.id), {
      id: String(r.id),
      action: r.action,
      text: r.text,
      status_ids: statusIds.length ? statusIds.map(String) : null,
      created_at: r.created_at,
      target_account: target,
      appeal: null,
    });
  }
  return out;
}
