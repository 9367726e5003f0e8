import type { Context } from '../app/context.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { type RequestJson, presentRequest } from './requests.presenter.js';
import { type RequestRow, loadRequestEvents } from './requests.repository.js';

/** Presents a page of requests: accounts and histories in one query each, never one per row. */
export async function presentRequests(ctx: Context, rows: readonly RequestRow[], showOperators: boolean): Promise<RequestJson[]> {
  const ids = new Set<number>();
  for (const r of rows) ids.add(Number(r.organ_account_id)).add(Number(r.citizen_account_id));
  const accounts = await presentAccounts(ctx.db, ctx.config, await findAccountsByIds(ctx.db, [...ids]));
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const events = await loadRequestEvents(ctx.db, rows.map((r) => Number(r.id)));
  return rows.map((r) =>
    presentRequest(r, {
      organ: byId.get(String(r.organ_account_id)) ?? null,
      citizen: byId.get(String(r.citizen_account_id)) ?? null,
      events: events.get(Number(r.id)) ?? [],
      showOperators,
    }),
  );
}
