import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { fieldError, notFound } from '../app/errors.js';
import { afterCommitWith, transaction } from '../app/transaction.js';
import { recordAudit } from '../audit/audit.repository.js';
import { isUniqueViolation } from '../db/errors.js';
import type { Caller } from '../operators/operators.policy.js';
import { mayManageFederation } from './domain-moderation.policy.js';
import { type DomainAllowRow, type IdPage, deleteDomainAllow, findDomainAllow, findDomainAllowByDomain, insertDomainAllow, listDomainAllows } from './domain-moderation.repository.js';
import { normalizeHost } from './domain-name.js';
import { forgetDomainRules } from './domain-policy.js';

function authorizeFederationAdmin(caller: Caller): void {
  authorize(mayManageFederation(caller), 'Only admins manage domain blocks and allows');
}

/** GET /api/v1/admin/domain_allows */
export async function listDomainAllowsFor(ctx: Context, caller: Caller, q: IdPage): Promise<DomainAllowRow[]> {
  authorizeFederationAdmin(caller);
  return listDomainAllows(ctx.db, q);
}

/** GET /api/v1/admin/domain_allows/:id */
export async function getDomainAllow(ctx: Context, caller: Caller, id: number | null): Promise<DomainAllowRow> {
  authorizeFederationAdmin(caller);
  const row = id === null ? undefined : await findDomainAllow(ctx.db, id);
  if (!row) throw notFound('Domain allow');
  return row;
}

/**
 * POST /api/v1/admin/domain_allows: the host (exactly, not its subdomains)
 * may federate in limited-federation mode. Allowing one already allowed
 * answers the existing allow, unchanged and not logged again, as Mastodon.
 */
export async function createDomainAllow(ctx: Context, caller: Caller, input: { domain?: string | undefined }): Promise<DomainAllowRow> {
  authorizeFederationAdmin(caller);
  if (input.domain === undefined || input.domain.trim() === '') throw fieldError('domain', 'ERR_BLANK', "can't be blank");
  const domain = normalizeHost(input.domain);
  if (domain === null) throw fieldError('domain', 'ERR_INVALID', 'is not a valid domain name');
  const now = ctx.clock.now().toISOString();
  try {
    return await transaction(ctx, async (trx) => {
      const existing = await findDomainAllowByDomain(trx, domain);
      if (existing) return existing;
      const row = await insertDomainAllow(trx, { domain, created_at: now, updated_at: now });
      await recordAudit(trx, { actorId: Number(caller.account.id), action: 'domain_allow.create', subjectType: 'domain_allow', subjectId: Number(row.id), data: { domain }, at: now });
      afterCommitWith(trx, (c) => forgetDomainRules(c.db));
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const existing = await findDomainAllowByDomain(ctx.db, domain);
      if (existing) return existing;
    }
    throw err;
  }
}

/** DELETE /api/v1/admin/domain_allows/:id */
export async function removeDomainAllow(ctx: Context, caller: Caller, id: number | null): Promise<void> {
  const row = await getDomainAllow(ctx, caller, id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await deleteDomainAllow(trx, Number(row.id));
    await recordAudit(trx, { actorId: Number(caller.account.id), action: 'domain_allow.destroy', subjectType: 'domain_allow', subjectId: Number(row.id), data: { domain: row.domain }, at: now });
    afterCommitWith(trx, (c) => forgetDomainRules(c.db));
  });
}
