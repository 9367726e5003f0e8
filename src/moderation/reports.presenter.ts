import type { Context } from '../app/context.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { type AccountRow, findAccountsByIds } from '../accounts/accounts.repository.js';
import type { AdminAccountJson, AdminReportJson, ReportJson } from '../http/schemas/moderation.js';
import { instanceRules } from '../instance/instance.js';
import { hydrateStatuses } from '../statuses/hydrate.js';
import { statusEntities } from '../statuses/statuses.presenter.js';
import { findStatusesAnyState } from '../statuses/statuses.repository.js';
import { presentAdminAccounts } from './admin-accounts.presenter.js';
import { type ReportRow, idList } from './reports.repository.js';

/** Mastodon's Report entities (for their authors, and in a moderator's `admin.report` notification), keyed by id, their target accounts loaded at once. */
export async function presentReports(ctx: Context, rows: readonly ReportRow[]): Promise<Map<number, ReportJson>> {
  const targets = await presentAccounts(ctx.db, ctx.config, await findAccountsByIds(ctx.db, [...new Set(rows.map((r) => Number(r.target_account_id)))]));
  const byId = new Map(targets.map((a) => [a.id, a]));
  const out = new Map<number, ReportJson>();
  for (const r of rows) {
    const target = byId.get(String(r.target_account_id));
    if (!target) continue;
    out.set(Number(r.id), {
      id: String(r.id),
      action_taken: r.action_taken_at !== null,
      action_taken_at: r.action_taken_at,
      category: r.category,
      comment: r.comment,
      forwarded: r.forwarded === 1,
      created_at: r.created_at,
      status_ids: idList(r.status_ids).map(String),
      rule_ids: r.rule_ids === null ? null : idList(r.rule_ids).map(String),
      target_account: target,
    });
  }
  return out;
}

export async function presentReport(ctx: Context, r: ReportRow): Promise<ReportJson> {
  const json = (await presentReports(ctx, [r])).get(Number(r.id));
  if (!json) throw new Error(`report ${r.id}: its target account is gone`);
  return json;
}

/**
 * Mastodon's Admin::Report entities, with the accounts and statuses of the
 * whole page loaded in batches. The moderator sees the reported statuses
 * whatever their visibility, deleted ones and a suspended author's included:
 * they must judge them.
 */
export async function presentAdminReports(ctx: Context, moderator: AccountRow, rows: readonly ReportRow[]): Promise<AdminReportJson[]> {
  const accountIds = new Set<number>();
  for (const r of rows) {
    for (const id of [r.account_id, r.target_account_id, r.assigned_account_id, r.action_taken_by_account_id]) if (id !== null) accountIds.add(Number(id));
  }
  const accounts = await presentAdminAccounts(ctx, await findAccountsByIds(ctx.db, [...accountIds]));
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const statusRows = await findStatusesAnyState(ctx.db, rows.flatMap((r) => idList(r.status_ids)));
  const statuses = statusRows.length === 0 ? [] : statusEntities(ctx.config, { ...(await hydrateStatuses(ctx, moderator, statusRows)), showSuspended: true }, statusRows);
  const statusById = new Map(statuses.map((s) => [s.id, s]));
  const rules = instanceRules(ctx);
  const account = (id: number | null): AdminAccountJson | null => (id === null ? null : (accountById.get(String(id)) ?? null));
  return rows.flatMap((r) => {
    const reporter = account(Number(r.account_id));
    const target = account(Number(r.target_account_id));
    if (!reporter || !target) return [];
    const ruleIds = new Set(idList(r.rule_ids).map(String));
    return [
      {
        id: String(r.id),
        action_taken: r.action_taken_at !== null,
        action_taken_at: r.action_taken_at,
        category: r.category,
        comment: r.comment,
        forwarded: r.forwarded === 1,
        created_at: r.created_at,
        updated_at: r.updated_at,
        account: reporter,
        target_account: target,
        assigned_account: account(r.assigned_account_id === null ? null : Number(r.assigned_account_id)),
        action_taken_by_account: account(r.action_taken_by_account_id === null ? null : Number(r.action_taken_by_account_id)),
        statuses: idList(r.status_ids).flatMap((id) => {
          const s = statusById.get(String(id));
          return s ? [s] : [];
        }),
        rules: rules.filter((rule) => ruleIds.has(rule.id)),
      },
    ];
  });
}

export async function presentAdminReport(ctx: Context, moderator: AccountRow, row: ReportRow): Promise<AdminReportJson> {
  const [json] = await presentAdminReports(ctx, moderator, [row]);
  if (!json) throw new Error(`report ${row.id}: its accounts are gone`);
  return json;
}
