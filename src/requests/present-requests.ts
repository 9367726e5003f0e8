import type { Context } from '../app/context.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { acctOf, findAccountsByIds } from '../accounts/accounts.repository.js';
import type { RequestStaff } from '../http/schemas/gov.js';
import { type RequestJson, presentRequest } from './requests.presenter.js';
import { type RequestRow, loadRequestEvents } from './requests.repository.js';

/**
 * Presents a page of requests: parties, histories and (for the organ's side
 * and reviewers) the staff named in them in one query each, never one per row.
 */
export async function presentRequests(ctx: Context, rows: readonly RequestRow[], showOperators: boolean): Promise<RequestJson[]> {
  const ids = new Set<number>();
  for (const r of rows) ids.add(Number(r.organ_account_id)).add(Number(r.citizen_account_id));
  const accounts = await presentAccounts(ctx.db, ctx.config, await findAccountsByIds(ctx.db, [...ids]));
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const events = await loadRequestEvents(ctx.db, rows.map((r) => Number(r.id)));
  const staff = new Map<number, RequestStaff>();
  if (showOperators) {
    const staffIds = new Set<number>();
    for (const r of rows) if (r.assignee_id !== null) staffIds.add(Number(r.assignee_id));
    for (const list of events.values()) for (const e of list) if (e.operator_id !== null) staffIds.add(Number(e.operator_id));
    for (const a of await findAccountsByIds(ctx.db, [...staffIds])) {
      staff.set(Number(a.id), { id: String(a.id), username: a.username, acct: acctOf(a), display_name: a.display_name });
    }
  }
  const now = ctx.clock.now();
  return rows.map((r) =>
    presentRequest(r, {
      organ: byId.get(String(r.organ_account_id)) ?? null,
      citizen: byId.get(String(r.citizen_account_id)) ?? null,
      events: events.get(Number(r.id)) ?? [],
      showOperators,
      staff,
      now,
    }),
  );
}
