import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import type { VerificationState } from '../domain/verification-state.js';
import { presentVerification } from './verification.presenter.js';
import { mayListAll, mayView } from './verification.policy.js';
import { type VerificationRow, findVerification, listVerifications } from './verifications.repository.js';
import { loadVouches } from './vouches.repository.js';

/** Presents applications with their accounts, loading the accounts in one query. */
export async function presentVerifications(ctx: Context, rows: readonly VerificationRow[]) {
  const accounts = await findAccountsByIds(ctx.db, [...new Set(rows.map((r) => Number(r.account_id)))]);
  const presented = await presentAccounts(ctx.db, ctx.config, accounts);
  const byId = new Map(presented.map((a) => [a.id, a]));
  const vouches = await loadVouches(ctx.db, rows.map((r) => Number(r.id)));
  return rows.map((r) => presentVerification(r, byId.get(String(r.account_id)) ?? null, vouches.get(Number(r.id)) ?? []));
}

/**
 * GET /api/v1/gov/verifications: reviewers see every application (the queue
 * is `state=pending`, oldest first); anyone else sees only their own.
 * Returns the order too, which the Link header follows.
 */
export async function listVerificationsFor(
  ctx: Context,
  actor: AccountRow,
  q: { state?: VerificationState | undefined; max_id?: string | undefined; since_id?: string | undefined; min_id?: string | undefined; limit: number },
) {
  const all = mayListAll(actor);
  const order: 'asc' | 'desc' = all && q.state === 'pending' ? 'asc' : 'desc';
  const rows = await listVerifications(ctx.db, {
    ...(q.state ? { state: q.state } : {}),
    ...(all ? {} : { accountId: Number(actor.id) }),
    ...(q.max_id ? { maxId: Number(q.max_id) } : {}),
    ...(q.since_id ? { sinceId: Number(q.since_id) } : {}),
    ...(q.min_id ? { minId: Number(q.min_id) } : {}),
    limit: q.limit,
    order,
  });
  return { rows, order };
}

export async function getVerification(ctx: Context, actor: AccountRow | null, id: number): Promise<VerificationRow> {
  const row = await findVerification(ctx.db, id);
  if (!row || !mayView(actor, row)) throw notFound('Verification');
  return row;
}
