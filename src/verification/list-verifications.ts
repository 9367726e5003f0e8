import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { acctOf, findAccountsByIds } from '../accounts/accounts.repository.js';
import type { VerificationDuplicate } from '../http/schemas/gov.js';
import { REVIEW_READ_SCOPE, scopeCovers } from '../domain/scopes.js';
import type { VerificationState } from '../domain/verification-state.js';
import { hasInvisibleControls } from '../domain/invisible.js';
import { applicationEvidenceUrl, presentEvidenceFile, presentVerification } from './verification.presenter.js';
import { loadEvidence } from './evidence.repository.js';
import { isReviewer, mayListAll, mayView } from './verification.policy.js';
import { type DuplicateRow, type VerificationRow, approvedDuplicatesOf, findVerification, listVerifications } from './verifications.repository.js';
import { loadVouches } from './vouches.repository.js';

/**
 * What a reviewer should look at twice. A display name set before the rule
 * against invisible characters (or outside the application) may still carry
 * zero-width or bidi controls that make it read as another organ's name.
 */
export function applicationFlags(displayName: string): string[] {
  return hasInvisibleControls(displayName) ? ['display_name_invisible_characters'] : [];
}

/**
 * Presents applications with their accounts, loading the accounts in one
 * query. For reviewers (`forReviewer`), each carries the other accounts
 * verified under the same organ name or credit code. Evidence files are
 * listed for reviewers and, on its own applications, for the account
 * `viewerId`; anyone else (an organ asked to vouch) sees none.
 */
export async function presentVerifications(ctx: Context, rows: readonly VerificationRow[], options: { forReviewer: boolean; viewerId?: number | string | undefined }) {
  const duplicates = options.forReviewer ? await approvedDuplicatesOf(ctx.db, rows) : new Map<number, DuplicateRow[]>();
  const others = [...duplicates.values()].flat().map((d) => d.account_id);
  const accounts = await findAccountsByIds(ctx.db, [...new Set([...rows.map((r) => Number(r.account_id)), ...others])]);
  const own = new Set(rows.map((r) => Number(r.account_id)));
  const presented = await presentAccounts(ctx.db, ctx.config, accounts.filter((a) => own.has(Number(a.id))));
  const byId = new Map(presented.map((a) => [a.id, a]));
  const rowById = new Map(accounts.map((a) => [Number(a.id), a]));
  const vouches = await loadVouches(ctx.db, rows.map((r) => Number(r.id)));
  const seesEvidence = (r: VerificationRow) => options.forReviewer || (options.viewerId !== undefined && Number(options.viewerId) === Number(r.account_id));
  const evidence = await loadEvidence(ctx.db, rows.filter(seesEvidence).map((r) => Number(r.id)));
  const evidenceOf = (r: VerificationRow) => (evidence.get(Number(r.id)) ?? []).map((f) => presentEvidenceFile(f, applicationEvidenceUrl(ctx.config.publicUrl, r.id, f.id)));
  const duplicatesOf = (r: VerificationRow): VerificationDuplicate[] =>
    (duplicates.get(Number(r.id)) ?? []).flatMap((d) => {
      const a = rowById.get(d.account_id);
      return a ? [{ account_id: String(a.id), acct: acctOf(a), display_name: a.display_name, field: d.field }] : [];
    });
  return rows.map((r) =>
    presentVerification(r, byId.get(String(r.account_id)) ?? null, vouches.get(Number(r.id)) ?? [], applicationFlags(rowById.get(Number(r.account_id))?.display_name ?? ''), duplicatesOf(r), evidenceOf(r)),
  );
}

/** The signed-in caller of a verification read: the account, and the scopes its token was granted. */
export interface VerificationReader {
  account: AccountRow;
  scopes: readonly string[];
}

/** Whether the token may read other accounts' applications, as Mastodon's admin API asks of moderators. */
const adminRead = (caller: VerificationReader | null) => !!caller && scopeCovers(caller.scopes, REVIEW_READ_SCOPE);

/**
 * GET /api/v1/gov/verifications: reviewers whose token has
 * `admin:read:accounts` see every application (the queue is `state=pending`,
 * oldest first); anyone else, a reviewer's plain token included, sees only their own.
 * Returns the order too, which the Link header follows.
 */
export async function listVerificationsFor(
  ctx: Context,
  caller: VerificationReader,
  q: { state?: VerificationState | undefined; max_id?: string | undefined; since_id?: string | undefined; min_id?: string | undefined; limit: number },
) {
  const actor = caller.account;
  const all = mayListAll(actor, adminRead(caller));
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
  return { rows, order, forReviewer: all };
}

export async function getVerification(ctx: Context, caller: VerificationReader | null, id: number): Promise<VerificationRow> {
  const row = await findVerification(ctx.db, id);
  if (!row || !mayView(caller?.account ?? null, row, adminRead(caller))) throw notFound('Verification');
  return row;
}

/** Whether this caller reads applications as a reviewer (and so is shown duplicates). */
export function readsAsReviewer(caller: VerificationReader): boolean {
  return isReviewer(caller.account) && adminRead(caller);
}
